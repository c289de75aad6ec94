#include "datasetgenerator.h"

#include "listopportunitiesrequest.h"

#include <QDate>
#include <QDateTime>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Pd::Emulator {

namespace {

using Core::OpportunitySummary;

/// SplitMix64: tiny, fast, and the same on every platform (unlike std::*_distribution).
class Rng
{
public:
    explicit Rng(quint64 seed) : m_state(seed) { }

    quint64 next()
    {
        quint64 z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    qint64 below(qint64 n) { return n <= 0 ? 0 : qint64(next() % quint64(n)); }
    bool percent(int p) { return below(100) < p; }
    template<typename List>
    const auto &pick(const List &list)
    {
        return list.at(below(list.size()));
    }

private:
    quint64 m_state;
};

constexpr qint64 MsPerDay = 86'400'000;
constexpr int CoverageRows = 249; // the largest enum (CountryCode)
constexpr int TiePoolSize = 32;

qint64 anchorMs()
{
    static const qint64 value = QDate(2026, 8, 1).startOfDay(Qt::UTC).toMSecsSinceEpoch();
    return value;
}

QString formatMs(qint64 ms)
{
    return Core::Model::formatDateTime(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC));
}

QString formatDate(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).date().toString(Qt::ISODate);
}

const QStringList &specialCompanyNames()
{
    static const QStringList names{
            u"Müller & Söhne GmbH"_s,
            u"株式会社サンプル"_s,
            u"Smith, Jones & Partners, LLC"_s,
            u"\"Quoted\" Widgets Ltd"_s,
            u"Line One\nLine Two Holdings"_s,
            u"=SUM(A1:A9) Analytics"_s,
            u"+1 Telecom Partners"_s,
            u"-Minus Twelve Capital"_s,
            u"@Handle Media Group"_s,
            u"O'Brien \"The Best\" Logistics, Inc."_s,
            u"ACME Corp"_s,
            u"Acme Corp"_s,
            u"acme corp"_s,
            u"Café Crème SARL"_s,
            u"Ålesund Fiskeri AS"_s,
            u"Zürich Versicherungs-Gesellschaft AG"_s,
            u"北京示例科技有限公司"_s,
            u"(주)샘플코리아"_s,
            u"ООО «Пример»"_s,
            u"Przedsiębiorstwo Łódź Sp. z o.o."_s,
            u"Rocket 🚀 Labs"_s,
            u"\tTabbed Trading Co"_s,
            u"Çelik Yapı A.Ş."_s,
            u"شركة المثال للتجارة"_s,
            u"חברת דוגמה בע\"מ"_s,
            u"Ελληνική Ναυτιλιακή Α.Ε."_s,
            u"Công ty TNHH Ví Dụ"_s,
            u"Cafe\u0301 Combining Diacritics Ltd"_s,
            u"=HYPERLINK(\"https://example.com\",\"click\")"_s,
            u"<b>Bold</b> & Co; DROP TABLE opportunities;--"_s,
            u"100% Organic %s %n Foods"_s,
            u"Trailing Space Inc. "_s,
            u"X"_s,
            u"The Extraordinarily Long-Named International Consolidated Holding Company for "
            "Research, Development & Services Ltd"_s,
    };
    return names;
}

const QStringList &namePrefixes()
{
    static const QStringList words{
            u"Northwind"_s, u"Contoso"_s,     u"Fabrikam"_s,  u"Tailspin"_s,   u"Wingtip"_s,
            u"Adventure"_s, u"Blue Yonder"_s, u"Litware"_s,   u"Proseware"_s,  u"Coho"_s,
            u"Alpine"_s,    u"Fourth"_s,      u"Lucerne"_s,   u"Margie's"_s,   u"Trey"_s,
            u"Woodgrove"_s, u"Humongous"_s,   u"Graphic"_s,   u"Wide World"_s, u"Southridge"_s,
            u"Datum"_s,     u"Relecloud"_s,   u"VanArsdel"_s, u"Bellows"_s,    u"Consolidated"_s,
            u"Fineline"_s,  u"Liberty"_s,     u"Lamna"_s,     u"Munson's"_s,   u"Nod"_s,
            u"Olympic"_s,   u"Pacific"_s,     u"Quantum"_s,   u"Riverside"_s,  u"Summit"_s,
            u"Tundra"_s,    u"Umbra"_s,       u"Vertex"_s,    u"Westwind"_s,   u"Zephyr"_s,
    };
    return words;
}

const QStringList &nameSectors()
{
    static const QStringList words{
            u"Analytics"_s, u"Logistics"_s, u"Health"_s,  u"Energy"_s,    u"Foods"_s,
            u"Robotics"_s,  u"Media"_s,     u"Capital"_s, u"Software"_s,  u"Retail"_s,
            u"Mining"_s,    u"Telecom"_s,   u"Pharma"_s,  u"Aerospace"_s, u"Travel"_s,
            u"Insurance"_s, u"Labs"_s,      u"Systems"_s, u"Motors"_s,    u"Textiles"_s,
    };
    return words;
}

const QStringList &nameSuffixes()
{
    static const QStringList words{
            u"Inc."_s,   u"LLC"_s,   u"Ltd"_s,     u"GmbH"_s, u"AG"_s, u"S.A."_s,
            u"S.p.A."_s, u"B.V."_s,  u"Pty Ltd"_s, u"K.K."_s, u"Oy"_s, u"AB"_s,
            u"SAS"_s,    u"Corp."_s, u"plc"_s,     QString(),
    };
    return words;
}

/// Customers of bulk imports, each written several ways: equal names and names that differ
/// only in case or accents, whose order the service does not document.
const QList<QStringList> &bulkCustomerNames()
{
    static const QList<QStringList> groups{
            {u"Café Crème SARL"_s, u"CAFÉ CRÈME SARL"_s, u"café crème sarl"_s,
             u"Cafe Creme SARL"_s},
            {u"Müller & Söhne GmbH"_s, u"MÜLLER & SÖHNE GMBH"_s, u"Muller & Sohne GmbH"_s,
             u"Müller & Söhne GmbH"_s},
            {u"Acme Corp"_s, u"ACME Corp"_s, u"acme corp"_s, u"Acme Corp"_s},
            {u"Ångström Analytics AB"_s, u"Angstrom Analytics AB"_s, u"ÅNGSTRÖM ANALYTICS AB"_s},
            {u"Northwind Traders"_s, u"NORTHWIND TRADERS"_s, u"Northwind Traders"_s},
    };
    return groups;
}

const QStringList &quarterEnds()
{
    static const QStringList dates{u"2025-12-31"_s, u"2026-03-31"_s, u"2026-06-30"_s,
                                   u"2026-09-30"_s, u"2026-12-31"_s, u"2027-03-31"_s};
    return dates;
}

struct Place
{
    QString city;
    QString stateOrRegion;
    QString postalCode;
    QString countryCode;
};

const QList<Place> &places()
{
    static const QList<Place> values{
            {u"Seattle"_s, u"WA"_s, u"98101"_s, u"US"_s},
            {u"New York"_s, u"NY"_s, u"10001"_s, u"US"_s},
            {u"Austin"_s, u"TX"_s, u"73301"_s, u"US"_s},
            {u"München"_s, u"Bayern"_s, u"80331"_s, u"DE"_s},
            {u"Berlin"_s, u"Berlin"_s, u"10115"_s, u"DE"_s},
            {u"Paris"_s, u"Île-de-France"_s, u"75001"_s, u"FR"_s},
            {u"London"_s, u"England"_s, u"SW1A 1AA"_s, u"GB"_s},
            {u"Tokyo"_s, u"東京都"_s, u"100-0001"_s, u"JP"_s},
            {u"Osaka"_s, u"大阪府"_s, u"530-0001"_s, u"JP"_s},
            {u"São Paulo"_s, u"SP"_s, u"01000-000"_s, u"BR"_s},
            {u"Toronto"_s, u"ON"_s, u"M5H 2N2"_s, u"CA"_s},
            {u"Sydney"_s, u"NSW"_s, u"2000"_s, u"AU"_s},
            {u"Bengaluru"_s, u"Karnataka"_s, u"560001"_s, u"IN"_s},
            {u"Zürich"_s, u"ZH"_s, u"8001"_s, u"CH"_s},
            {u"Amsterdam"_s, u"Noord-Holland"_s, u"1012 JS"_s, u"NL"_s},
            {u"Singapore"_s, QString(), u"018956"_s, u"SG"_s},
            {u"Dublin"_s, u"Leinster"_s, u"D02 X285"_s, u"IE"_s},
            {u"Seoul"_s, u"서울특별시"_s, u"04524"_s, u"KR"_s},
            {u"Ciudad de México"_s, u"CDMX"_s, u"06000"_s, u"MX"_s},
            {u"Kraków"_s, u"Małopolskie"_s, u"30-001"_s, u"PL"_s},
            {u"Stockholm"_s, u"Stockholms län"_s, u"111 20"_s, u"SE"_s},
            {u"Cape Town"_s, u"Western Cape"_s, u"8001"_s, u"ZA"_s},
            {u"Dubai"_s, u"Dubai"_s, QString(), u"AE"_s},
            {u"Tel Aviv"_s, u"Tel Aviv District"_s, u"6100000"_s, u"IL"_s},
    };
    return values;
}

const QStringList &nextStepsTexts()
{
    static const QStringList texts{
            u"Schedule architecture review with the customer's platform team."_s,
            u"Send pricing proposal,\nthen follow up with \"procurement\" next week."_s,
            u"Kick-off call 📞 on Monday; prepare the migration plan."_s,
            u"=HYPERLINK(\"http://example.com\") in the deck"_s,
            u"Waiting for the customer's security questionnaire (SIG Lite)."_s,
            u"Proof of concept running; success criteria: p99 < 200 ms, 3 regions."_s,
            u"Termin mit Herrn Müller vereinbaren; Angebot überarbeiten."_s,
            u"顧客とのワークショップを来週開催"_s,
            QString(),
    };
    return texts;
}

const QStringList &reviewComments()
{
    static const QStringList texts{
            u"Please add the customer website."_s,
            u"Duplicate of an existing opportunity."_s,
            u"Project description is too short; describe the use case."_s,
            u"Customer country and postal code do not match."_s,
            u"Expected spend looks unrealistic, please verify, and resubmit."_s,
    };
    return texts;
}

const QStringList &reviewStatusReasons()
{
    static const QStringList texts{
            u"Missing project description"_s,
            u"Incomplete customer information"_s,
            u"Duplicate opportunity"_s,
            u"Does not meet program criteria"_s,
    };
    return texts;
}

const QStringList &otherIndustries()
{
    static const QStringList texts{u"Space tourism"_s, u"Vertical farming"_s,
                                   u"Quantum computing"_s, u"Esports, betting & gaming"_s};
    return texts;
}

QString hexDigits(Rng &rng, int count)
{
    static constexpr char digits[] = "0123456789abcdef";
    QString out;
    out.reserve(count);
    for (int i = 0; i < count; ++i) {
        out.append(QLatin1Char(digits[rng.below(16)]));
    }
    return out;
}

QString decimalDigits(Rng &rng, int count)
{
    QString out;
    out.reserve(count);
    out.append(QLatin1Char(char('1' + rng.below(9))));
    for (int i = 1; i < count; ++i) {
        out.append(QLatin1Char(char('0' + rng.below(10))));
    }
    return out;
}

/// A decimal string matching ^((0|([1-9][0-9]{0,30}))(\.[0-9]{0,2})?)?$ .
QString amount(Rng &rng)
{
    const qint64 kind = rng.below(100);
    if (kind < 2) {
        static const QStringList odd{u"0"_s, u"0.00"_s, u"0.5"_s, QString(u""_s)};
        return rng.pick(odd);
    }
    QString integer;
    if (kind < 90) {
        integer = QString::number(100 + rng.below(500) * 50);
    } else if (kind < 97) {
        integer = decimalDigits(rng, 10 + int(rng.below(4)));
    } else {
        integer = decimalDigits(rng, 25 + int(rng.below(7)));
    }
    const qint64 decimals = rng.below(3);
    if (decimals == 0) {
        return integer;
    }
    if (decimals == 1) {
        return integer + u'.' + QString::number(rng.below(10));
    }
    return integer + u'.' + QString::number(rng.below(100)).rightJustified(2, u'0');
}

QString websiteFor(const QString &company, int index)
{
    QString slug;
    for (const QChar c : company) {
        if (c.isLetterOrNumber() && c.unicode() < 0x80) {
            slug.append(c.toLower());
        } else if (c == u' ' && !slug.isEmpty() && !slug.endsWith(u'-')) {
            slug.append(u'-');
        }
        if (slug.size() >= 40) {
            break;
        }
    }
    while (slug.endsWith(u'-')) {
        slug.chop(1);
    }
    if (slug.size() < 3) {
        slug = u"customer-"_s + QString::number(index);
    }
    return u"https://www."_s + slug + u".example.com"_s;
}

qint64 withMilliseconds(Rng &rng, qint64 ms)
{
    return rng.percent(35) ? ms + 1 + rng.below(999) : ms;
}

} // namespace

DatasetGenerator::DatasetGenerator(quint32 seed, QString region, QString accountId)
    : m_seed(seed), m_region(std::move(region)), m_accountId(std::move(accountId))
{ }

void DatasetGenerator::setBulkPercent(int percent)
{
    m_bulkPercent = std::clamp(percent, 0, 100);
}

QString DatasetGenerator::identifier(const QString &catalog, int index)
{
    const bool sandbox = catalog == "Sandbox"_L1;
    if (index % 101 == 50) {
        return u"O"_s + QString::number((sandbox ? 95'000'000'000LL : 90'000'000'000LL) + index);
    }
    // Spaced so that ids are unique, ascend with the index, and are not consecutive.
    const qint64 base = sandbox ? 500'000'000LL : 1'000'000LL;
    const quint64 jitter = (quint64(index) * 0x9E3779B1ULL >> 7) % 10;
    return u"O"_s + QString::number(base + qint64(index) * 10 + qint64(jitter));
}

OpportunitySummary DatasetGenerator::summary(const QString &catalog, int index) const
{
    const quint64 catalogSalt = catalog == "AWS"_L1 ? 1 : catalog == "Sandbox"_L1 ? 2 : 3;
    Rng rng((quint64(m_seed) << 32) ^ (catalogSalt << 20) ^ quint64(index) * 0xD1B54A32D192ED03ULL);
    rng.next();
    const bool covering = index < CoverageRows;
    const auto cover = [&](const QStringList &values) -> QString {
        return covering ? values.at(index % values.size()) : rng.pick(values);
    };
    const auto present
            = [&](int percentMissing) { return covering || !rng.percent(percentMissing); };

    OpportunitySummary s;
    s.catalog = catalog;
    s.id = identifier(catalog, index);
    if (present(1)) {
        s.arn = u"arn:aws:partnercentral:%1:%2:catalog/%3/opportunity/%4"_s.arg(
                m_region, m_accountId, catalog, s.id);
    }

    // Dates: created within the three years before the anchor, modified up to 400 days later.
    const qint64 anchor = anchorMs();
    const qint64 created = withMilliseconds(rng, anchor - 1000 * (1 + rng.below(1096LL * 86'400)));
    qint64 modified
            = created + 1000 * rng.below(std::min<qint64>(anchor - created, 400 * MsPerDay) / 1000);
    modified = withMilliseconds(rng, modified);
    if (rng.percent(m_bulkPercent)) {
        // A bulk update: one of a few timestamps shared by many rows (sort ties).
        Rng pool((quint64(m_seed) << 8) ^ catalogSalt ^ quint64(rng.below(TiePoolSize)) * 7919);
        const qint64 shared = anchor - 1000 * (1 + pool.below(300LL * 86'400));
        if (shared >= created) {
            modified = shared;
        }
    }
    // The service maintains LastModifiedDate and CreatedDate on every opportunity (AWS's
    // incremental sync filters on the one; GetOpportunity requires both), so unlike the
    // optional fields they are never missing. The draws are made all the same, so that the
    // fields after them keep their values.
    present(2);
    s.createdDate = formatMs(created);
    s.createdDateMs = created;
    present(1);
    s.lastModifiedDate = formatMs(modified);
    s.lastModifiedDateMs = modified;
    if (present(3)) {
        s.opportunityType = cover(Core::Model::opportunityTypes());
    }
    if (present(25)) {
        s.partnerOpportunityIdentifier
                = rng.percent(80) ? u"PD-%1-%2"_s
                                            .arg(QDateTime::fromMSecsSinceEpoch(created, Qt::UTC)
                                                         .date()
                                                         .year())
                                            .arg(rng.below(100000), 5, 10, QLatin1Char('0'))
                                  : u"CRM#"_s + QString::number(100000 + rng.below(900000));
    }

    // LifeCycle.
    if (present(2)) {
        s.hasLifeCycle = true;
        static const QStringList weightedStages{
                u"Prospect"_s,
                u"Prospect"_s,
                u"Prospect"_s,
                u"Qualified"_s,
                u"Qualified"_s,
                u"Technical Validation"_s,
                u"Business Validation"_s,
                u"Committed"_s,
                u"Launched"_s,
                u"Launched"_s,
                u"Closed Lost"_s,
        };
        s.stage = covering ? Core::Model::stages().at(index % Core::Model::stages().size())
                           : rng.pick(weightedStages);
        s.reviewStatus = cover(Core::Model::reviewStatuses());
        if (s.stage == "Closed Lost"_L1) {
            const QStringList &reasons = Core::Model::closedLostReasons();
            s.closedLostReason
                    = covering ? reasons.at((index / 7) % reasons.size()) : rng.pick(reasons);
        }
        if (present(8)) {
            s.targetCloseDate = formatDate(created + (30 + rng.below(690)) * MsPerDay);
        }
        if (rng.percent(70)) {
            s.nextSteps = rng.pick(nextStepsTexts());
            if (s.nextSteps.isNull()) {
                s.nextSteps = u""_s;
            }
        }
        if (s.reviewStatus == "Rejected"_L1 || s.reviewStatus == "Action Required"_L1) {
            if (rng.percent(70)) {
                s.reviewComments = rng.pick(reviewComments());
            }
            if (rng.percent(50)) {
                s.reviewStatusReason = rng.pick(reviewStatusReasons());
            }
        }
    }

    // Customer.Account.
    if (present(2)) {
        s.hasCustomer = true;
        s.hasAccount = true;
        if (index % 23 == 7) {
            const QStringList &specials = specialCompanyNames();
            s.companyName = specials.at((index / 23) % specials.size());
        } else {
            QString name = rng.pick(namePrefixes()) + u' ' + rng.pick(nameSectors());
            const QString &suffix = rng.pick(nameSuffixes());
            if (!suffix.isEmpty()) {
                name += u' ' + suffix;
            }
            s.companyName = name;
        }
        if (present(3)) {
            s.industry = cover(Core::Model::industries());
            if (s.industry == "Other"_L1) {
                s.otherIndustry = rng.pick(otherIndustries());
            }
        }
        if (present(10)) {
            s.websiteUrl = websiteFor(s.companyName, index);
        }
        if (present(5)) {
            s.hasAddress = true;
            const Place &place = rng.pick(places());
            const QString country
                    = covering ? Core::Model::countryCodes().at(index) : place.countryCode;
            s.countryCode = country;
            if (country == place.countryCode && !rng.percent(3)) {
                s.city = place.city;
                s.stateOrRegion = place.stateOrRegion;
                s.postalCode = place.postalCode;
            }
        }
    }

    // Project.
    if (present(3)) {
        s.hasProject = true;
        if (present(5)) {
            s.hasDeliveryModels = true;
            const QStringList &models = Core::Model::deliveryModels();
            const qsizetype first = covering ? index % models.size() : rng.below(models.size());
            s.deliveryModels.append(models.at(first));
            const qint64 extra = rng.below(3);
            for (qint64 k = 1; k <= extra; ++k) {
                const QString &model = models.at((first + k * (1 + rng.below(2))) % models.size());
                if (!s.deliveryModels.contains(model)) {
                    s.deliveryModels.append(model);
                }
            }
        }
        const qint64 spendKind = covering ? 1 + rng.below(4) : rng.below(100);
        const int entries = covering         ? int(spendKind)
                            : spendKind < 15 ? -1
                            : spendKind < 17 ? 0
                            : spendKind < 57 ? 1
                            : spendKind < 82 ? 2
                            : spendKind < 94 ? 3
                                             : 4;
        if (entries >= 0) {
            s.hasExpectedCustomerSpend = true;
            const QStringList &currencies = Core::Model::currencyCodes();
            for (int k = 0; k < entries; ++k) {
                Core::ExpectedCustomerSpend spend;
                spend.amount = amount(rng);
                if (k == 0 && covering) {
                    spend.currencyCode = currencies.at(index % currencies.size());
                } else {
                    const qint64 c = rng.below(10);
                    spend.currencyCode = c < 7 ? u"USD"_s : c < 9 ? u"EUR"_s : rng.pick(currencies);
                }
                spend.frequency = u"Monthly"_s;
                spend.targetCompany = rng.percent(70) ? u"AWS"_s : u"Self"_s;
                if (rng.percent(50)) {
                    spend.estimationUrl
                            = rng.percent(80)
                                      ? u"https://calculator.aws/#/estimate?id="_s
                                                + hexDigits(rng, 40)
                                      : u"https://pricing.calculator.aws.eu/#/estimate?id="_s
                                                + hexDigits(rng, 64);
                }
                s.expectedCustomerSpend.append(spend);
            }
        }
        if (present(30)) {
            s.hasExpectedContractDuration = true;
            s.expectedContractDurationTerm = u"Months"_s;
            static const int common[] = {12, 24, 36};
            s.expectedContractDurationValue = QString::number(
                    rng.percent(60) ? common[rng.below(3)] : 1 + int(rng.below(144)));
        }
    }

    // A bulk import: rows created together share their CreatedDate, their customer (written
    // one of several ways) and a quarter-end close date. Drawn last, so that the fields above
    // keep their values.
    if (rng.percent(m_bulkPercent)) {
        const qint64 batch = rng.below(TiePoolSize);
        Rng pool((quint64(m_seed) << 8) ^ (catalogSalt << 4) ^ quint64(batch + 1) * 104729);
        const qint64 imported = anchor - 1000 * (1 + pool.below(1096LL * 86'400));
        if (imported <= modified) {
            s.createdDate = formatMs(imported);
            s.createdDateMs = imported;
        }
        const QStringList &names = bulkCustomerNames().at(batch % bulkCustomerNames().size());
        const QString &name = names.at(rng.below(names.size()));
        if (s.hasAccount) {
            s.companyName = name;
            if (!s.websiteUrl.isNull()) {
                s.websiteUrl = websiteFor(name, index);
            }
        }
        if (!s.targetCloseDate.isNull()) {
            s.targetCloseDate = quarterEnds().at(batch % quarterEnds().size());
        }
    }
    return s;
}

} // namespace Pd::Emulator
