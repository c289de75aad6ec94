#include "opportunitydetails.h"

#include "listopportunitiesrequest.h"
#include "opportunitystore.h"

#include <QDateTime>

#include <algorithm>
#include <random>

using namespace Qt::StringLiterals;

namespace Pd::Emulator {

namespace {

using namespace Core::Shapes;

constexpr auto TargetPrefix = "AWSPartnerCentralSelling."_L1;
constexpr qint64 DayMs = 24LL * 3600 * 1000;

/// The random source of one opportunity's details.
class Dice
{
public:
    explicit Dice(quint64 seed) : m_engine(seed) { }

    int below(int n) { return int(m_engine() % quint64(std::max(1, n))); }
    bool chance(int percent) { return below(100) < percent; }
    template<typename List>
    auto pick(const List &values)
    {
        return values.at(below(int(values.size())));
    }
    QStringList some(const QStringList &values, int max)
    {
        QStringList chosen;
        const int count = 1 + below(max);
        for (int i = 0; i < count; ++i) {
            const QString value = pick(values);
            if (!chosen.contains(value)) {
                chosen.append(value);
            }
        }
        return chosen;
    }
    QString digits(int count)
    {
        QString text;
        text.append(QChar(u'1' + below(9)));
        while (text.size() < count) {
            text.append(QChar(u'0' + below(10)));
        }
        return text;
    }
    QString hex(int count)
    {
        static constexpr char Hex[] = "0123456789abcdef";
        QString text;
        while (text.size() < count) {
            text.append(QLatin1Char(Hex[below(16)]));
        }
        return text;
    }

private:
    std::mt19937_64 m_engine;
};

quint64 fnv1a(quint64 hash, QByteArrayView bytes)
{
    for (const char c : bytes) {
        hash ^= quint8(c);
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

const QStringList &firstNames()
{
    static const QStringList names{u"Ana"_s,        u"Björn"_s, u"Chidi"_s,    u"Dana"_s,
                                   u"Émile"_s,      u"Farah"_s, u"Grace"_s,    u"Hiroshi"_s,
                                   u"Ines"_s,       u"Jamal"_s, u"Kateřina"_s, u"Li"_s,
                                   u"María José"_s, u"Nadia"_s, u"O'Neil"_s,   u"Priya"_s,
                                   u"Sørina"_s,     u"Zoë"_s,   u"陽翔"_s,     u"أحمد"_s};
    return names;
}

const QStringList &lastNames()
{
    static const QStringList names{
            u"Adeyemi"_s,  u"Becker"_s,         u"Castillo"_s,     u"Dubois"_s,   u"Eriksson"_s,
            u"Fujita"_s,   u"García-Márquez"_s, u"Hughes"_s,       u"Ivanova"_s,  u"Jensen"_s,
            u"Kowalski"_s, u"Lefèvre"_s,        u"Müller"_s,       u"Nakamura"_s, u"O'Brien"_s,
            u"Patel"_s,    u"Smith, Jr."_s,     u"van der Berg"_s, u"佐藤"_s,     u"כהן"_s};
    return names;
}

const QStringList &jobTitles()
{
    static const QStringList titles{u"CTO"_s,
                                    u"Head of Cloud Platform"_s,
                                    u"Procurement Lead"_s,
                                    u"VP Engineering"_s,
                                    u"Solutions Architect"_s,
                                    u"Partner Development Manager"_s,
                                    u"Account Executive"_s,
                                    u"Directeur des systèmes d'information"_s};
    return titles;
}

const QStringList &products()
{
    static const QStringList codes{u"AmazonEC2"_s,       u"AmazonS3"_s,       u"AmazonRDS"_s,
                                   u"AWSLambda"_s,       u"AmazonDynamoDB"_s, u"AmazonBedrock"_s,
                                   u"AmazonSageMaker"_s, u"AmazonEKS"_s,      u"AmazonRedshift"_s,
                                   u"AWSGlue"_s};
    return codes;
}

/// A title for the opportunity: mostly plain, some of the shapes a client must render and
/// export safely.
QString title(Dice &dice, const QString &company)
{
    const QString name = company.isEmpty() ? u"Customer"_s : company.simplified();
    switch (dice.below(16)) {
    case 0:
        return u"=1+1"_s;
    case 1:
        return u"=HYPERLINK(\"https://example.com\",\"click\") "_s + name;
    case 2: {
        QString text = u"Migration of the analytics platform of "_s + name + u" "_s;
        while (text.size() < 255) {
            text.append(QLatin1Char(char('a' + text.size() % 26)));
        }
        return text.left(255);
    }
    case 3:
        return u"データ分析基盤の移行 — 株式会社"_s + name;
    case 4:
        return u"ترحيل مركز البيانات إلى السحابة"_s;
    case 5:
        return u"🚀 Launch 🇩🇪 GenAI assistant 👩‍💻"_s;
    case 6:
        return u"Data lake for "_s + name + u"\nphase 2\r\nwith \"quotes\", commas;\ttabs"_s;
    case 7:
        return u"מעבר לענן – "_s + name;
    default:
        break;
    }
    static const QStringList kinds{u"Data center migration"_s,   u"SAP on AWS"_s,
                                   u"Generative AI assistant"_s, u"Contact center modernisation"_s,
                                   u"Disaster recovery"_s,       u"Analytics platform"_s,
                                   u"Windows workloads"_s,       u"Marketplace private offer"_s};
    return dice.pick(kinds) + u" for "_s + name;
}

Contact contact(Dice &dice)
{
    Contact c;
    c.firstName = dice.pick(firstNames());
    c.lastName = dice.pick(lastNames());
    if (dice.chance(90)) {
        c.email = u"contact"_s + dice.digits(4) + u"@example.com"_s;
    }
    if (dice.chance(80)) {
        c.businessTitle = dice.pick(jobTitles());
    }
    if (dice.chance(75)) {
        c.phone = u"+"_s + dice.digits(11);
    }
    return c;
}

QString marketplaceArn(Dice &dice, const QString &region, const QString &kind)
{
    return u"arn:aws:aws-marketplace:%1:%2:AWSMarketplace/%3"_s.arg(region, dice.digits(12), kind);
}

/// Times in [from, to], ascending, the last one `to`.
QList<qint64> timeline(Dice &dice, qint64 from, qint64 to, int count)
{
    QList<qint64> times;
    for (int i = 0; i < count - 1; ++i) {
        times.append(from
                     + qint64(double(std::max<qint64>(0, to - from)) * double(dice.below(1000))
                              / 1000.0));
    }
    std::sort(times.begin(), times.end());
    times.append(to);
    return times;
}

QString stamp(qint64 ms)
{
    return Core::Model::formatDateTime(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC));
}

QString dateAfter(const QString &date, int days)
{
    const QDate day = QDate::fromString(date, Qt::ISODate);
    return (day.isValid() ? day : QDate(2026, 1, 1)).addDays(days).toString(Qt::ISODate);
}

QString amount(Dice &dice)
{
    QString text = dice.digits(1 + dice.below(6));
    if (dice.chance(40)) {
        text += u'.' + QString::number(dice.below(100)).rightJustified(2, u'0');
    }
    return text;
}

std::optional<QList<ExpectedCustomerSpend>> spendOf(const Core::OpportunitySummary &summary)
{
    if (!summary.hasExpectedCustomerSpend) {
        return std::nullopt;
    }
    QList<ExpectedCustomerSpend> list;
    for (const Core::ExpectedCustomerSpend &spend : summary.expectedCustomerSpend) {
        list.append({spend.amount, spend.currencyCode, spend.frequency, spend.targetCompany,
                     spend.estimationUrl});
    }
    return list;
}

AwsProductInsights productInsights(Dice &dice)
{
    AwsProductInsights insights;
    insights.currencyCode = u"USD"_s;
    insights.frequency = u"Monthly"_s;
    insights.totalAmount = amount(dice);
    if (dice.chance(70)) {
        insights.totalOptimizedAmount = amount(dice);
        insights.totalPotentialSavingsAmount = amount(dice);
    }
    insights.totalAmountByCategory = Core::ShapeJson::StringMap{{u"Compute"_s, amount(dice)},
                                                                {u"Storage"_s, amount(dice)}};
    QList<AwsProductDetails> details;
    for (const QString &code : dice.some(products(), 3)) {
        AwsProductDetails product;
        product.productCode = code;
        if (dice.chance(70)) {
            product.serviceCode = code;
        }
        product.categories = QStringList{dice.chance(50) ? u"Compute"_s : u"Storage"_s};
        product.amount = amount(dice);
        if (dice.chance(60)) {
            product.optimizedAmount = amount(dice);
            product.potentialSavingsAmount = amount(dice);
        }
        QList<AwsProductOptimization> optimizations;
        if (dice.chance(60)) {
            optimizations.append({u"Savings Plans for steady usage"_s, amount(dice)});
        }
        product.optimizations = optimizations;
        details.append(product);
    }
    insights.awsProducts = details;
    return insights;
}

} // namespace

OpportunityDetails::OpportunityDetails(quint32 seed, QString region, QString accountId)
    : m_seed(seed), m_region(std::move(region)), m_accountId(std::move(accountId))
{ }

QString OpportunityDetails::operationFor(QByteArrayView target)
{
    for (const QLatin1StringView operation : {"GetOpportunity"_L1, "GetAwsOpportunitySummary"_L1}) {
        if (target.size() == TargetPrefix.size() + operation.size()
            && target.startsWith(QByteArrayView(TargetPrefix.data(), TargetPrefix.size()))
            && target.endsWith(QByteArrayView(operation.data(), operation.size()))) {
            return operation;
        }
    }
    return QString();
}

std::optional<Core::OpportunitySummary>
OpportunityDetails::find(const OpportunityStore &store, const QString &catalog, const QString &id)
{
    for (qsizetype row = 0; row < store.size(); ++row) {
        if (store.id(row) != id) {
            continue;
        }
        Core::ListOpportunitiesResponse page;
        if (Core::ListOpportunitiesResponse::parse(
                    "{\"OpportunitySummaries\":["_ba + store.json(row) + "]}"_ba, &page, nullptr)
            && page.opportunitySummaries.size() == 1
            && page.opportunitySummaries.front().catalog == catalog) {
            return page.opportunitySummaries.front();
        }
    }
    return std::nullopt;
}

OpportunityDetails::Answer OpportunityDetails::answer(const QString &operation,
                                                      const QByteArray &body,
                                                      const OpportunityStore &store) const
{
    Answer result;
    const QByteArray json = body.isEmpty() ? "{}"_ba : body;
    QList<Core::FieldError> errors;
    QString catalog;
    QString id;
    const bool aws = operation == "GetAwsOpportunitySummary"_L1;
    if (aws) {
        const auto request = Core::GetAwsOpportunitySummaryRequest::fromJson(json, &errors);
        errors += errors.isEmpty() ? request.validate() : QList<Core::FieldError>();
        catalog = request.catalog;
        id = request.relatedOpportunityIdentifier;
    } else {
        const auto request = Core::GetOpportunityRequest::fromJson(json, &errors);
        errors += errors.isEmpty() ? request.validate() : QList<Core::FieldError>();
        catalog = request.catalog;
        id = request.identifier;
    }
    if (!errors.isEmpty()) {
        result.error = ServiceError::validation(errors);
        return result;
    }
    const std::optional<Core::OpportunitySummary> summary = find(store, catalog, id);
    const auto notFound = [&] {
        result.error = ServiceError::modeledError(
                404, u"ResourceNotFoundException"_s,
                aws ? u"No AWS opportunity summary exists for opportunity %1 in catalog %2."_s.arg(
                        id, catalog)
                    : u"Opportunity %1 was not found in catalog %2."_s.arg(id, catalog));
    };
    if (!summary) {
        notFound();
        return result;
    }
    if (aws) {
        const auto awsView = awsSummary(*summary);
        if (!awsView) {
            notFound();
            return result;
        }
        result.body = awsView->toJson();
    } else {
        result.body = opportunity(*summary).toJson();
    }
    return result;
}

quint64 OpportunityDetails::seedFor(const Core::OpportunitySummary &summary,
                                    bool withModifiedDate) const
{
    quint64 hash = fnv1a(0xcbf29ce484222325ULL ^ m_seed, summary.catalog.toUtf8());
    hash = fnv1a(hash, "/" + summary.id.toUtf8());
    if (withModifiedDate) {
        hash = fnv1a(hash, "@" + summary.lastModifiedDate.toUtf8());
    }
    return hash;
}

Core::GetOpportunityResponse
OpportunityDetails::opportunity(const Core::OpportunitySummary &s) const
{
    Dice stable(seedFor(s, false));
    Dice dice(seedFor(s, true));
    Core::GetOpportunityResponse r;

    r.catalog = s.catalog;
    r.id = s.id;
    r.arn = s.arn;
    r.lastModifiedDate = s.lastModifiedDate;
    r.createdDate = s.createdDate;
    r.opportunityType = s.opportunityType;
    r.partnerOpportunityIdentifier = s.partnerOpportunityIdentifier;
    if (dice.chance(80)) {
        static const QStringList needs{u"Co-Sell - Architectural Validation"_s,
                                       u"Co-Sell - Business Presentation"_s,
                                       u"Co-Sell - Competitive Information"_s,
                                       u"Co-Sell - Pricing Assistance"_s,
                                       u"Co-Sell - Technical Consultation"_s,
                                       u"Co-Sell - Total Cost of Ownership Evaluation"_s,
                                       u"Co-Sell - Deal Support"_s,
                                       u"Co-Sell - Support for Public Tender / RFx"_s};
        r.primaryNeedsFromAws = dice.chance(10) ? QStringList() : dice.some(needs, 3);
    }
    if (dice.chance(60)) {
        r.nationalSecurity = dice.chance(15) ? u"Yes"_s : u"No"_s;
    }

    // Customer: the summary's account, completed; contacts.
    Customer customer;
    if (s.hasAccount) {
        Account account;
        account.industry = s.industry;
        account.otherIndustry = s.otherIndustry;
        account.companyName = s.companyName;
        account.websiteUrl = s.websiteUrl;
        if (dice.chance(60)) {
            account.awsAccountId = dice.digits(12);
        }
        if (dice.chance(50)) {
            account.duns = dice.digits(9);
        }
        if (s.hasAddress) {
            Address address;
            address.city = s.city;
            address.postalCode = s.postalCode;
            address.stateOrRegion = s.stateOrRegion;
            address.countryCode = s.countryCode;
            if (dice.chance(70)) {
                address.streetAddress = QString::number(1 + dice.below(400)) + u" Main Street"_s;
            }
            account.address = address;
        }
        customer.account = account;
    }
    if (stable.chance(85)) {
        QList<Contact> contacts;
        const int count = stable.below(3);
        for (int i = 0; i < count; ++i) {
            contacts.append(contact(stable));
        }
        customer.contacts = contacts;
    }
    if (s.hasCustomer || customer.contacts) {
        r.customer = customer;
    }

    // Project: the summary's members, and the rest.
    Project project;
    if (s.hasDeliveryModels) {
        project.deliveryModels = s.deliveryModels;
    }
    project.expectedCustomerSpend = spendOf(s);
    if (s.hasExpectedContractDuration) {
        project.expectedContractDuration = ExpectedContractDuration{
                s.expectedContractDurationTerm, s.expectedContractDurationValue};
    }
    project.title = title(stable, s.companyName);
    if (dice.chance(70)) {
        static const QStringList programs{u"APN Immersion Days"_s,
                                          u"APN Solution Space"_s,
                                          u"ATO (Authority to Operate)"_s,
                                          u"AWS Marketplace"_s,
                                          u"Migration Acceleration Program"_s,
                                          u"Public Sector Partner Program"_s};
        project.apnPrograms = dice.some(programs, 2);
    }
    project.customerBusinessProblem
            = u"The customer runs its workloads in an ageing data center whose lease ends next "
              "year. It needs a secure, scalable platform and wants to cut operating cost."_s;
    if (dice.chance(80)) {
        static const QStringList useCases{u"Migration / Database Migration"_s,
                                          u"AI Machine Learning and Analytics"_s,
                                          u"Business Applications & Contact Center"_s,
                                          u"Security & Compliance"_s, u"Storage & Backup"_s};
        project.customerUseCase = dice.pick(useCases);
    }
    if (dice.chance(10)) {
        project.relatedOpportunityIdentifier = u"O"_s + dice.digits(7);
    }
    static const QStringList activities{u"Initialized discussions with customer"_s,
                                        u"Customer has shown interest in solution"_s,
                                        u"Conducted POC / Demo"_s,
                                        u"In evaluation / planning stage"_s,
                                        u"Agreed on solution to Business Problem"_s,
                                        u"Completed Action Plan"_s,
                                        u"Finalized Deployment Need"_s,
                                        u"SOW Signed"_s};
    if (dice.chance(85)) {
        project.salesActivities = dice.some(activities, 3);
    }
    static const QStringList competitors{
            u"Oracle Cloud"_s,   u"On-Prem"_s,         u"Co-location"_s,
            u"Akamai"_s,         u"AliCloud"_s,        u"Google Cloud Platform"_s,
            u"IBM Softlayer"_s,  u"Microsoft Azure"_s, u"Other- Cost Optimization"_s,
            u"No Competition"_s, u"*Other"_s};
    if (dice.chance(60)) {
        project.competitorName = dice.pick(competitors);
        if (project.competitorName == u"*Other"_s || dice.chance(20)) {
            project.otherCompetitorNames = u"Regional hosting provider"_s;
        }
    }
    if (dice.chance(30)) {
        project.otherSolutionDescription = u"Partner-built landing zone and managed operations"_s;
    }
    if (dice.chance(40)) {
        project.additionalComments = u"Customer prefers a phased migration; = not a formula"_s;
    }
    if (dice.chance(3)) {
        project.awsPartition = u"aws-eusc"_s;
    }
    r.project = project;

    if (dice.chance(55)) {
        Marketing marketing;
        const bool activity = dice.chance(60);
        marketing.source = activity ? u"Marketing Activity"_s : u"None"_s;
        if (activity) {
            marketing.campaignName
                    = u"Cloud Migration Days "_s + QString::number(2024 + dice.below(3));
            static const QStringList channels{u"AWS Marketing Central"_s,
                                              u"Content Syndication"_s,
                                              u"Display"_s,
                                              u"Email"_s,
                                              u"Live Event"_s,
                                              u"Out Of Home (OOH)"_s,
                                              u"Print"_s,
                                              u"Search"_s,
                                              u"Social"_s,
                                              u"Telemarketing"_s,
                                              u"TV"_s,
                                              u"Video"_s,
                                              u"Virtual Event"_s};
            marketing.channels = dice.some(channels, 3);
            marketing.useCases = QStringList{u"Migration"_s, u"Modernisation"_s}.mid(dice.below(2));
            marketing.awsFundingUsed = dice.chance(40) ? u"Yes"_s : u"No"_s;
        }
        r.marketing = marketing;
    }

    if (dice.chance(35)) {
        static const QStringList models{u"Contract"_s, u"Pay-as-you-go"_s, u"Subscription"_s};
        SoftwareRevenue revenue;
        revenue.deliveryModel = dice.pick(models);
        revenue.value = MonetaryValue{amount(dice), dice.chance(80) ? u"USD"_s : u"EUR"_s};
        const QString start = dateAfter(s.targetCloseDate, dice.below(30));
        revenue.effectiveDate = start;
        if (dice.chance(80)) {
            revenue.expirationDate = dateAfter(start, 365 * (1 + dice.below(3)));
        }
        r.softwareRevenue = revenue;
    }

    RelatedEntityIdentifiers related;
    if (dice.chance(30)) {
        related.awsMarketplaceOffers
                = QStringList{marketplaceArn(dice, m_region, u"Offer/offer-"_s + dice.hex(24))};
    }
    if (dice.chance(10)) {
        related.awsMarketplaceOfferSets = QStringList{
                marketplaceArn(dice, m_region, u"OfferSet/offerset-"_s + dice.hex(24))};
    }
    if (dice.chance(50)) {
        related.solutions = QStringList{u"S-"_s + dice.digits(7)};
    }
    if (dice.chance(60)) {
        related.awsProducts = dice.some(products(), 3);
    }
    if (dice.chance(15)) {
        related.awsMarketplaceSolutions
                = QStringList{u"arn:aws:aws-marketplace:%1:%2:AWSMarketplace/Solution/sol-%3"_s.arg(
                        m_region, m_accountId, dice.hex(20))};
    }
    if (dice.chance(15)) {
        related.awsMarketplaceProducts = QStringList{
                u"arn:aws:aws-marketplace:%1:%2:AWSMarketplace/SaaSProduct/prod-%3"_s.arg(
                        m_region, m_accountId, dice.hex(20))};
    }
    r.relatedEntityIdentifiers = related; // required by the model, possibly empty

    if (s.hasLifeCycle) {
        LifeCycle life;
        life.stage = s.stage;
        life.closedLostReason = s.closedLostReason;
        life.nextSteps = s.nextSteps;
        life.targetCloseDate = s.targetCloseDate;
        life.reviewStatus = s.reviewStatus;
        life.reviewComments = s.reviewComments;
        life.reviewStatusReason = s.reviewStatusReason;
        if (!s.nextSteps.isNull() && s.lastModifiedDateMs != Core::OpportunitySummary::NoTime) {
            static const QStringList steps{
                    u"Kick-off call with the customer"_s, u"Share the reference architecture"_s,
                    u"Pricing workshop; TCO draft sent"_s, u"Proof of concept started"_s,
                    u"Security review with the customer's CISO"_s};
            const qint64 from = s.createdDateMs != Core::OpportunitySummary::NoTime
                                        ? s.createdDateMs
                                        : s.lastModifiedDateMs - 90 * DayMs;
            QList<NextStepsHistory> history;
            const QList<qint64> times
                    = timeline(dice, from, s.lastModifiedDateMs, 1 + dice.below(5));
            for (qsizetype i = 0; i < times.size(); ++i) {
                history.append({i + 1 == times.size() ? s.nextSteps : dice.pick(steps),
                                stamp(times.at(i))});
            }
            life.nextStepsHistory = history;
        }
        r.lifeCycle = life;
    }

    if (stable.chance(90)) {
        QList<Contact> team;
        const int count = 1 + stable.below(3);
        for (int i = 0; i < count; ++i) {
            team.append(contact(stable));
        }
        r.opportunityTeam = team;
    }
    return r;
}

std::optional<Core::GetAwsOpportunitySummaryResponse>
OpportunityDetails::awsSummary(const Core::OpportunitySummary &s) const
{
    Dice stable(seedFor(s, false) ^ 0x5a5a5a5a5a5a5a5aULL);
    if (stable.chance(20)) {
        return std::nullopt;
    }
    Dice dice(seedFor(s, true) ^ 0xa5a5a5a5a5a5a5a5ULL);
    Core::GetAwsOpportunitySummaryResponse r;
    r.catalog = s.catalog;
    r.relatedOpportunityId = s.id;
    r.origin = dice.chance(70) ? u"Partner Referral"_s : u"AWS Referral"_s;
    r.involvementType = dice.chance(60) ? u"Co-Sell"_s : u"For Visibility Only"_s;
    r.visibility = dice.chance(80) ? u"Full"_s : u"Limited"_s;
    if (dice.chance(25)) {
        static const QStringList reasons{u"Expansion Opportunity"_s,
                                         u"Change in Deal Information"_s, u"Customer Requested"_s,
                                         u"Technical Complexity"_s, u"Risk Mitigation"_s};
        r.involvementTypeChangeReason = dice.pick(reasons);
    }

    AwsOpportunityLifeCycle life;
    life.targetCloseDate = s.targetCloseDate;
    static const QStringList stages{u"Not Started"_s,
                                    u"In Progress"_s,
                                    u"Prospect"_s,
                                    u"Engaged"_s,
                                    u"Identified"_s,
                                    u"Qualify"_s,
                                    u"Research"_s,
                                    u"Seller Engaged"_s,
                                    u"Evaluating"_s,
                                    u"Qualified"_s,
                                    u"On-hold"_s,
                                    u"Technical Validation"_s,
                                    u"Business Validation"_s,
                                    u"Committed"_s,
                                    u"Launched"_s,
                                    u"Deferred to Partner"_s,
                                    u"Completed"_s,
                                    u"Closed Incomplete"_s};
    if (s.stage == u"Closed Lost"_s) {
        life.stage = s.stage;
        static const QStringList lost{u"Customer Deficiency"_s,
                                      u"Delay / Cancellation of Project"_s,
                                      u"Lost to Competitor - Google"_s,
                                      u"Price"_s,
                                      u"No Opportunity"_s,
                                      u"Past Due"_s};
        life.closedLostReason = dice.pick(lost);
    } else {
        life.stage = dice.pick(stages);
    }
    if (dice.chance(70) && s.lastModifiedDateMs != Core::OpportunitySummary::NoTime) {
        static const QStringList steps{
                u"AWS account team aligned"_s, u"Solutions architect assigned"_s,
                u"Funding request under review"_s, u"Customer meeting scheduled"_s};
        const QList<qint64> times = timeline(dice, s.lastModifiedDateMs - 60 * DayMs,
                                             s.lastModifiedDateMs, 1 + dice.below(4));
        QList<ProfileNextStepsHistory> history;
        for (const qint64 time : times) {
            history.append({dice.pick(steps), stamp(time)});
        }
        life.nextSteps = history.back().value;
        life.nextStepsHistory = history;
    }
    r.lifeCycle = life;

    if (dice.chance(85)) {
        static const QStringList titles{u"AWSSalesRep"_s, u"AWSAccountOwner"_s,
                                        u"WWPSPDM"_s,     u"PDM"_s,
                                        u"PSM"_s,         u"ISVSM"_s};
        QList<AwsTeamMember> team;
        const int count = 1 + dice.below(3);
        for (int i = 0; i < count; ++i) {
            AwsTeamMember member;
            member.firstName = dice.pick(firstNames());
            member.lastName = dice.pick(lastNames());
            member.email = u"aws-member"_s + dice.digits(4) + u"@amazon.example"_s;
            member.businessTitle = dice.pick(titles);
            team.append(member);
        }
        r.opportunityTeam = team;
    }

    AwsOpportunityInsights insights;
    if (dice.chance(80)) {
        insights.nextBestActions = u"Engage the AWS account manager; propose a migration "
                                   "readiness assessment."_s;
    }
    static const QStringList scores{u"High"_s, u"Medium"_s, u"Low"_s};
    insights.engagementScore = dice.pick(scores);
    if (dice.chance(50)) {
        AwsProductsSpendInsightsBySource bySource;
        bySource.partner = productInsights(dice);
        if (dice.chance(60)) {
            bySource.aws = productInsights(dice);
        }
        insights.awsProductsSpendInsightsBySource = bySource;
    }
    if (dice.chance(60)) {
        static const QStringList trends{u"Improving"_s, u"Stable"_s, u"Declining"_s};
        insights.opportunityQuality = OpportunityQuality{dice.below(101), dice.pick(trends)};
    }
    if (dice.chance(40)) {
        QList<Recommendation> recommendations;
        Recommendation recommendation;
        recommendation.type = u"NEXT_STEP"_s;
        recommendation.details = u"Add the customer's technical contact."_s;
        if (dice.chance(70)) {
            recommendation.attributes = Core::ShapeJson::StringMap{{u"Priority"_s, u"High"_s},
                                                                   {u"Source"_s, u"Model"_s}};
        }
        recommendations.append(recommendation);
        insights.recommendations = recommendations;
    }
    r.insights = insights;

    if (dice.chance(60)) {
        AwsOpportunityRelatedEntities related;
        related.awsProducts = dice.some(products(), 3);
        if (dice.chance(50)) {
            related.solutions = QStringList{u"S-"_s + dice.digits(7)};
        }
        if (dice.chance(20)) {
            related.awsMarketplaceSolutions = QStringList{
                    u"arn:aws:aws-marketplace:%1:%2:AWSMarketplace/Solution/sol-%3"_s.arg(
                            m_region, m_accountId, dice.hex(20))};
            related.awsMarketplaceProducts = QStringList{
                    u"arn:aws:aws-marketplace:%1:%2:AWSMarketplace/SaaSProduct/prod-%3"_s.arg(
                            m_region, m_accountId, dice.hex(20))};
        }
        r.relatedEntityIds = related;
    }
    if (dice.chance(60)) {
        QList<Contact> contacts;
        contacts.append(contact(dice));
        r.customer = AwsOpportunityCustomer{contacts};
    }
    if (s.hasExpectedCustomerSpend || dice.chance(5)) {
        AwsOpportunityProject project;
        project.expectedCustomerSpend = spendOf(s);
        if (dice.chance(5)) {
            project.awsPartition = u"aws-eusc"_s;
        }
        r.project = project;
    }
    if (dice.chance(30)) {
        r.cosellMotion = dice.chance(50) ? u"Partner Led"_s : u"AWS Led"_s;
    }
    return r;
}

} // namespace Pd::Emulator
