#include "listopportunitiesrequest.h"

#include "civiltime.h"
#include "jsonwriter.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace Pd::Core {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::ListOpportunitiesRequest)
};

// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z: the four-digit years of RFC 3339.
constexpr qint64 FirstRepresentableMs = -62'167'219'200'000;
constexpr qint64 LastRepresentableMs = 253'402'300'799'999;

// ^(\d{4})-(\d{2})-(\d{2})[tT](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(([-+]\d{2}:\d{2})|[zZ])$
// as in @smithy/core's parseRfc3339DateTimeWithOffset, with its range checks (month, day of
// month, hour 0-23, minute 0-59, second 0-60) and the fraction rounded to milliseconds.
template<typename Char>
bool parseDateTimeChars(const Char *p, qsizetype n, qint64 *msecs)
{
    if (n < 20) {
        return false;
    }
    const auto number = [p](qsizetype at, int digits, int *value) {
        int result = 0;
        for (int k = 0; k < digits; ++k) {
            const auto c = p[at + k];
            if (c < '0' || c > '9') {
                return false;
            }
            result = result * 10 + int(c - '0');
        }
        *value = result;
        return true;
    };
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!number(0, 4, &year) || p[4] != '-' || !number(5, 2, &month) || p[7] != '-'
        || !number(8, 2, &day) || (p[10] != 'T' && p[10] != 't') || !number(11, 2, &hour)
        || p[13] != ':' || !number(14, 2, &minute) || p[16] != ':' || !number(17, 2, &second)) {
        return false;
    }
    qsizetype i = 19;
    qint64 millis = 0;
    if (p[i] == '.') {
        const qsizetype start = ++i;
        while (i < n && p[i] >= '0' && p[i] <= '9') {
            ++i;
        }
        const qsizetype digits = i - start;
        if (digits == 0) {
            return false;
        }
        for (qsizetype k = 0; k < 3; ++k) {
            millis = millis * 10 + (k < digits ? int(p[start + k] - '0') : 0);
        }
        if (digits > 3 && p[start + 3] >= '5') {
            ++millis;
        }
    }
    if (i >= n) {
        return false;
    }
    qint64 offsetMinutes = 0;
    if (p[i] == 'Z' || p[i] == 'z') {
        if (i + 1 != n) {
            return false;
        }
    } else if (p[i] == '+' || p[i] == '-') {
        int offsetHours = 0, offsetMins = 0;
        if (n - i != 6 || !number(i + 1, 2, &offsetHours) || p[i + 3] != ':'
            || !number(i + 4, 2, &offsetMins) || offsetHours > 23 || offsetMins > 59) {
            return false;
        }
        offsetMinutes = (p[i] == '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
    } else {
        return false;
    }
    if (month < 1 || month > 12 || day < 1 || day > CivilTime::daysInMonth(year, month) || hour > 23
        || minute > 59 || second > 60) {
        return false;
    }
    const qint64 seconds = CivilTime::daysFromCivil(year, month, day) * 86400 + hour * 3600
                           + minute * 60 + second - offsetMinutes * 60;
    *msecs = seconds * 1000 + millis;
    return true;
}

void appendDigits(QString *out, qint64 value, int width)
{
    char buffer[24];
    int length = 0;
    do {
        buffer[length++] = char('0' + value % 10);
        value /= 10;
    } while (value > 0);
    for (int k = length; k < width; ++k) {
        out->append(u'0');
    }
    while (length > 0) {
        out->append(QLatin1Char(buffer[--length]));
    }
}

QString quoted(const QString &value)
{
    constexpr qsizetype MaxShown = 64;
    if (value.size() <= MaxShown) {
        return u'"' + value + u'"';
    }
    return u'"' + value.left(MaxShown) + u"…\""_s;
}

QString allowedList(const QStringList &values)
{
    QStringList shown;
    shown.reserve(values.size());
    for (const QString &value : values) {
        shown.append(u'"' + value + u'"');
    }
    return shown.join(u", "_s);
}

FieldError fieldError(const QString &field, const char *code, const QString &message)
{
    return FieldError{field, QString::fromLatin1(code), message};
}

void validateList(const QString &member, const QStringList &values, int maxCount,
                  QList<FieldError> *errors)
{
    if (values.size() > maxCount) {
        errors->append(fieldError(
                member, "TOO_MANY_VALUES",
                Text::tr("%1 accepts at most %2 values; %3 were given.")
                        .arg(member, QString::number(maxCount), QString::number(values.size()))));
    }
}

void validateEnumList(const QString &member, const QStringList &values, int maxCount,
                      const QStringList &allowed, const QString &what, QList<FieldError> *errors)
{
    validateList(member, values, maxCount, errors);
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (!allowed.contains(values.at(i))) {
            errors->append(fieldError(
                    u"%1[%2]"_s.arg(member).arg(i), "INVALID_ENUM_VALUE",
                    Text::tr("%1 is not a valid %2. Allowed values (exact spelling): %3.")
                            .arg(quoted(values.at(i)), what, allowedList(allowed))));
        }
    }
}

void validateDateTimeRange(const QString &member, const DateTimeRange &range,
                           QList<FieldError> *errors)
{
    const QString afterName = u"After"_s + member;
    const QString beforeName = u"Before"_s + member;
    bool inRange = true;
    for (const auto &[name, time] :
         {std::pair{afterName, range.after}, std::pair{beforeName, range.before}}) {
        if (!time.isValid()) {
            continue;
        }
        const qint64 ms = time.toMSecsSinceEpoch();
        if (ms < FirstRepresentableMs || ms > LastRepresentableMs) {
            inRange = false;
            errors->append(fieldError(
                    member + u'.' + name, "VALUE_OUT_OF_RANGE",
                    Text::tr("%1 must lie between the years 0000 and 9999 (UTC).").arg(name)));
        }
    }
    if (inRange && range.after.isValid() && range.before.isValid() && range.after > range.before) {
        errors->append(fieldError(member + u'.' + afterName, "INVALID_VALUE",
                                  Text::tr("%1 (%2) must not be later than %3 (%4).")
                                          .arg(afterName, Model::formatDateTime(range.after),
                                               beforeName, Model::formatDateTime(range.before))));
    }
}

void validateDateRange(const QString &member, const DateRange &range, QList<FieldError> *errors)
{
    const QString afterName = u"After"_s + member;
    const QString beforeName = u"Before"_s + member;
    bool wellFormed = true;
    for (const auto &[name, date] :
         {std::pair{afterName, range.after}, std::pair{beforeName, range.before}}) {
        if (!date.isEmpty() && !Model::isValidDate(date)) {
            wellFormed = false;
            errors->append(fieldError(
                    member + u'.' + name, "INVALID_STRING_FORMAT",
                    Text::tr(
                            "%1 is not a valid %2; expected a date as YYYY-MM-DD, e.g. 2026-12-31.")
                            .arg(quoted(date), name)));
        }
    }
    // YYYY-MM-DD compares chronologically as text.
    if (wellFormed && !range.after.isEmpty() && !range.before.isEmpty()
        && range.after > range.before) {
        errors->append(fieldError(member + u'.' + afterName, "INVALID_VALUE",
                                  Text::tr("%1 (%2) must not be later than %3 (%4).")
                                          .arg(afterName, range.after, beforeName, range.before)));
    }
}

void writeDateTimeRange(JsonWriter *json, std::string_view member, std::string_view afterKey,
                        std::string_view beforeKey, const DateTimeRange &range)
{
    if (range.isEmpty()) {
        return;
    }
    json->key(member);
    json->beginObject();
    if (range.after.isValid()) {
        json->key(afterKey);
        json->value(Model::formatDateTime(range.after));
    }
    if (range.before.isValid()) {
        json->key(beforeKey);
        json->value(Model::formatDateTime(range.before));
    }
    json->endObject();
}

void writeList(JsonWriter *json, std::string_view member, const QStringList &values)
{
    if (values.isEmpty()) {
        return;
    }
    json->key(member);
    json->beginArray();
    for (const QString &value : values) {
        json->value(value);
    }
    json->endArray();
}

/// Reads the members of a --cli-input-json or emulator request body, collecting type problems.
class RequestReader
{
public:
    explicit RequestReader(QList<FieldError> *errors) : m_errors(errors) { }

    void wrongType(const QString &path, const QString &expected)
    {
        m_errors->append(
                fieldError(path, "INVALID_VALUE", Text::tr("%1 must be %2.").arg(path, expected)));
    }

    bool readString(const QJsonValue &value, const QString &path, QString *out)
    {
        if (value.isNull() || value.isUndefined()) {
            return true;
        }
        if (!value.isString()) {
            wrongType(path, Text::tr("a string"));
            return false;
        }
        *out = value.toString();
        return true;
    }

    void readStringList(const QJsonObject &object, const QString &member, QStringList *out)
    {
        const QJsonValue value = object.value(member);
        if (value.isNull() || value.isUndefined()) {
            return;
        }
        if (!value.isArray()) {
            wrongType(member, Text::tr("a list of strings"));
            return;
        }
        const QJsonArray array = value.toArray();
        out->reserve(array.size());
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QJsonValue item = array.at(i);
            if (item.isString()) {
                out->append(item.toString());
            } else {
                wrongType(u"%1[%2]"_s.arg(member).arg(i), Text::tr("a string"));
            }
        }
    }

    void readDateTime(const QJsonObject &object, const QString &member, const QString &path,
                      QDateTime *out)
    {
        const QJsonValue value = object.value(member);
        if (value.isNull() || value.isUndefined()) {
            return;
        }
        if (value.isString()) {
            *out = Model::parseDateTime(value.toString());
            if (out->isValid()) {
                return;
            }
        }
        const QString shown = value.isString()   ? quoted(value.toString())
                              : value.isDouble() ? QString::number(value.toDouble(), 'g', 17)
                                                 : Text::tr("a non-string value");
        m_errors->append(fieldError(
                path, "INVALID_STRING_FORMAT",
                Text::tr("%1 is not a valid %2; expected an RFC 3339 date-time string such as "
                         "2026-08-01T00:00:00Z.")
                        .arg(shown, path)));
    }

    bool object(const QJsonObject &parent, const QString &member, QJsonObject *out)
    {
        const QJsonValue value = parent.value(member);
        if (value.isNull() || value.isUndefined()) {
            return false;
        }
        if (!value.isObject()) {
            wrongType(member, Text::tr("an object"));
            return false;
        }
        *out = value.toObject();
        return true;
    }

    void readDateTimeRange(const QJsonObject &root, const QString &member, DateTimeRange *out)
    {
        QJsonObject range;
        if (!object(root, member, &range)) {
            return;
        }
        const QString after = u"After"_s + member;
        const QString before = u"Before"_s + member;
        readDateTime(range, after, member + u'.' + after, &out->after);
        readDateTime(range, before, member + u'.' + before, &out->before);
    }

private:
    QList<FieldError> *m_errors = nullptr;
};

} // namespace

namespace Model {

QStringList catalogs()
{
    static const QStringList values{u"AWS"_s, u"Sandbox"_s};
    return values;
}

QStringList stages()
{
    static const QStringList values{
            u"Prospect"_s,  u"Qualified"_s, u"Technical Validation"_s, u"Business Validation"_s,
            u"Committed"_s, u"Launched"_s,  u"Closed Lost"_s,
    };
    return values;
}

QStringList reviewStatuses()
{
    static const QStringList values{
            u"Pending Submission"_s, u"Submitted"_s, u"In review"_s,
            u"Approved"_s,           u"Rejected"_s,  u"Action Required"_s,
    };
    return values;
}

QStringList sortKeys()
{
    static const QStringList values{
            u"LastModifiedDate"_s, u"Identifier"_s,      u"CustomerCompanyName"_s,
            u"CreatedDate"_s,      u"TargetCloseDate"_s,
    };
    return values;
}

QStringList sortOrders()
{
    static const QStringList values{u"ASCENDING"_s, u"DESCENDING"_s};
    return values;
}

QStringList opportunityTypes()
{
    static const QStringList values{u"Net New Business"_s, u"Flat Renewal"_s, u"Expansion"_s};
    return values;
}

QStringList closedLostReasons()
{
    static const QStringList values{
            u"Customer Deficiency"_s,
            u"Delay / Cancellation of Project"_s,
            u"Legal / Tax / Regulatory"_s,
            u"Lost to Competitor - Google"_s,
            u"Lost to Competitor - Microsoft"_s,
            u"Lost to Competitor - SoftLayer"_s,
            u"Lost to Competitor - VMWare"_s,
            u"Lost to Competitor - Other"_s,
            u"No Opportunity"_s,
            u"On Premises Deployment"_s,
            u"Partner Gap"_s,
            u"Price"_s,
            u"Security / Compliance"_s,
            u"Technical Limitations"_s,
            u"Customer Experience"_s,
            u"Other"_s,
            u"People/Relationship/Governance"_s,
            u"Product/Technology"_s,
            u"Financial/Commercial"_s,
    };
    return values;
}

QStringList industries()
{
    static const QStringList values{
            u"Aerospace"_s,
            u"Agriculture"_s,
            u"Automotive"_s,
            u"Computers and Electronics"_s,
            u"Consumer Goods"_s,
            u"Education"_s,
            u"Energy - Oil and Gas"_s,
            u"Energy - Power and Utilities"_s,
            u"Financial Services"_s,
            u"Gaming"_s,
            u"Government"_s,
            u"Healthcare"_s,
            u"Hospitality"_s,
            u"Life Sciences"_s,
            u"Manufacturing"_s,
            u"Marketing and Advertising"_s,
            u"Media and Entertainment"_s,
            u"Mining"_s,
            u"Non-Profit Organization"_s,
            u"Professional Services"_s,
            u"Real Estate and Construction"_s,
            u"Retail"_s,
            u"Software and Internet"_s,
            u"Telecommunications"_s,
            u"Transportation and Logistics"_s,
            u"Travel"_s,
            u"Wholesale and Distribution"_s,
            u"Other"_s,
    };
    return values;
}

QStringList deliveryModels()
{
    static const QStringList values{
            u"SaaS or PaaS"_s,          u"BYOL or AMI"_s, u"Managed Services"_s,
            u"Professional Services"_s, u"Resell"_s,      u"Other"_s,
    };
    return values;
}

QStringList countryCodes()
{
    // CountryCode in the model's order (249 values, US first).
    static const QStringList values
            = QString::fromLatin1(
                      "US AF AX AL DZ AS AD AO AI AQ AG AR AM AW AU AT AZ BS BH BD BB BY BE BZ BJ "
                      "BM BT BO "
                      "BQ BA BW BV BR IO BN BG BF BI KH CM CA CV KY CF TD CL CN CX CC CO KM CG CK "
                      "CR CI HR "
                      "CU CW CY CZ CD DK DJ DM DO EC EG SV GQ ER EE ET FK FO FJ FI FR GF PF TF GA "
                      "GM GE DE "
                      "GH GI GR GL GD GP GU GT GG GN GW GY HT HM VA HN HK HU IS IN ID IR IQ IE IM "
                      "IL IT JM "
                      "JP JE JO KZ KE KI KR KW KG LA LV LB LS LR LY LI LT LU MO MK MG MW MY MV ML "
                      "MT MH MQ "
                      "MR MU YT MX FM MD MC MN ME MS MA MZ MM NA NR NP NL AN NC NZ NI NE NG NU NF "
                      "MP NO OM "
                      "PK PW PS PA PG PY PE PH PN PL PT PR QA RE RO RU RW BL SH KN LC MF PM VC WS "
                      "SM ST SA "
                      "SN RS SC SL SG SX SK SI SB SO ZA GS SS ES LK SD SR SJ SZ SE CH SY TW TJ TZ "
                      "TH TL TG "
                      "TK TO TT TN TR TM TC TV UG UA AE GB UM UY UZ VU VE VN VG VI WF EH YE ZM ZW")
                      .split(u' ');
    return values;
}

QStringList currencyCodes()
{
    // CurrencyCode in the model's order (168 values, USD first).
    static const QStringList values
            = QString::fromLatin1("USD EUR GBP AUD CAD CNY NZD INR JPY CHF SEK AED AFN ALL AMD ANG "
                                  "AOA ARS AWG AZN BAM "
                                  "BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CDF "
                                  "CHE CHW CLF CLP COP "
                                  "COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB FJD FKP GEL "
                                  "GHS GIP GMD GNF GTQ "
                                  "GYD HKD HNL HRK HTG HUF IDR ILS IQD IRR ISK JMD JOD KES KGS KHR "
                                  "KMF KPW KRW KWD KYD "
                                  "KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR "
                                  "MVR MWK MXN MXV MYR "
                                  "MZN NAD NGN NIO NOK NPR OMR PAB PEN PGK PHP PKR PLN PYG QAR RON "
                                  "RSD RUB RWF SAR SBD "
                                  "SCR SDG SGD SHP SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND "
                                  "TOP TRY TTD TWD TZS "
                                  "UAH UGX USN UYI UYU UZS VEF VND VUV WST XAF XCD XDR XOF XPF XSU "
                                  "XUA YER ZAR ZMW ZWL")
                      .split(u' ');
    return values;
}

bool isValidIdentifier(const QString &id)
{
    const qsizetype n = id.size();
    if (n < 2 || n > 20 || id.at(0) != u'O') {
        return false;
    }
    for (qsizetype i = 1; i < n; ++i) {
        const char16_t c = id.at(i).unicode();
        if (c < u'0' || c > u'9') {
            return false;
        }
    }
    return true;
}

bool isValidDate(const QString &date)
{
    // ^[1-9][0-9]{3}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$
    if (date.size() != 10 || date.at(4) != u'-' || date.at(7) != u'-') {
        return false;
    }
    for (qsizetype i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (date.at(i) < u'0' || date.at(i) > u'9') {
            return false;
        }
    }
    const auto digit = [&date](qsizetype i) { return date.at(i).unicode() - u'0'; };
    const int month = digit(5) * 10 + digit(6);
    const int day = digit(8) * 10 + digit(9);
    return digit(0) != 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

QDateTime parseDateTime(QStringView text)
{
    qint64 ms = 0;
    if (!parseDateTimeChars(text.utf16(), text.size(), &ms)) {
        return {};
    }
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

bool parseDateTimeMs(QByteArrayView utf8, qint64 *msecs)
{
    return parseDateTimeChars(utf8.data(), utf8.size(), msecs);
}

QString formatDateTime(const QDateTime &time)
{
    if (!time.isValid()) {
        return {};
    }
    const qint64 ms = time.toMSecsSinceEpoch();
    char buffer[32];
    if (const int n = CivilTime::writeDateTime(ms, buffer); n > 0) {
        return QString::fromLatin1(buffer, n);
    }
    // Expanded years, as JavaScript's Date.toISOString() writes them.
    qint64 days = 0;
    qint64 msOfDay = 0;
    CivilTime::splitDays(ms, &days, &msOfDay);
    qint64 year = 0;
    int month = 0, day = 0;
    CivilTime::civilFromDays(days, &year, &month, &day);

    QString out;
    out.reserve(27);
    out.append(year < 0 ? u'-' : u'+');
    appendDigits(&out, year < 0 ? -year : year, 6);
    out.append(u'-');
    appendDigits(&out, month, 2);
    out.append(u'-');
    appendDigits(&out, day, 2);
    out.append(u'T');
    appendDigits(&out, msOfDay / 3'600'000, 2);
    out.append(u':');
    appendDigits(&out, msOfDay / 60'000 % 60, 2);
    out.append(u':');
    appendDigits(&out, msOfDay / 1000 % 60, 2);
    if (msOfDay % 1000 != 0) {
        out.append(u'.');
        appendDigits(&out, msOfDay % 1000, 3);
    }
    out.append(u'Z');
    return out;
}

void validateCatalog(const QString &catalog, QList<FieldError> *errors)
{
    if (catalog.isEmpty()) {
        errors->append(fieldError(u"Catalog"_s, "REQUIRED_FIELD_MISSING",
                                  Text::tr("Catalog is required: use \"AWS\" for production or "
                                           "\"Sandbox\" for testing.")));
    } else if (!catalogs().contains(catalog)) {
        bool lettersOnly = true;
        for (const QChar c : catalog) {
            lettersOnly = lettersOnly && ((c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z'));
        }
        errors->append(fieldError(
                u"Catalog"_s, lettersOnly ? "INVALID_VALUE" : "INVALID_STRING_FORMAT",
                Text::tr("%1 is not a valid Catalog; use \"AWS\" for production or \"Sandbox\" "
                         "for testing.")
                        .arg(quoted(catalog))));
    }
}

void validateIdentifier(const QString &path, const QString &id, QList<FieldError> *errors)
{
    if (!isValidIdentifier(id)) {
        errors->append(fieldError(
                path, "INVALID_STRING_FORMAT",
                Text::tr("%1 is not a valid opportunity identifier; expected \"O\" followed by 1 "
                         "to 19 digits, e.g. O1234567.")
                        .arg(quoted(id))));
    }
}

void validateRequiredIdentifier(const QString &path, const QString &id, QList<FieldError> *errors)
{
    if (id.isEmpty()) {
        errors->append(fieldError(path, "REQUIRED_FIELD_MISSING",
                                  Text::tr("%1 is required: an opportunity identifier, e.g. "
                                           "O1234567.")
                                          .arg(path)));
        return;
    }
    validateIdentifier(path, id, errors);
}

} // namespace Model

QList<FieldError> ListOpportunitiesRequest::validate() const
{
    QList<FieldError> errors;

    Model::validateCatalog(catalog, &errors);

    if (maxResults && (*maxResults < Model::MaxResultsMin || *maxResults > Model::MaxResultsMax)) {
        errors.append(fieldError(u"MaxResults"_s, "VALUE_OUT_OF_RANGE",
                                 Text::tr("MaxResults must be between %1 and %2; %3 was given.")
                                         .arg(Model::MaxResultsMin)
                                         .arg(Model::MaxResultsMax)
                                         .arg(*maxResults)));
    }

    if (sort) {
        const auto checkSortMember = [&errors](const QString &path, const QString &value,
                                               const QStringList &allowed) {
            if (value.isEmpty()) {
                errors.append(fieldError(
                        path, "REQUIRED_FIELD_MISSING",
                        Text::tr("%1 is required when Sort is given. Allowed values: %2.")
                                .arg(path, allowedList(allowed))));
            } else if (!allowed.contains(value)) {
                errors.append(fieldError(
                        path, "INVALID_ENUM_VALUE",
                        Text::tr("%1 is not a valid %2. Allowed values (exact spelling): %3.")
                                .arg(quoted(value), path, allowedList(allowed))));
            }
        };
        checkSortMember(u"Sort.SortBy"_s, sort->sortBy, Model::sortKeys());
        checkSortMember(u"Sort.SortOrder"_s, sort->sortOrder, Model::sortOrders());
    }

    validateDateTimeRange(u"LastModifiedDate"_s, lastModifiedDate, &errors);

    validateList(u"Identifier"_s, identifier, Model::MaxIdentifierValues, &errors);
    for (qsizetype i = 0; i < identifier.size(); ++i) {
        Model::validateIdentifier(u"Identifier[%1]"_s.arg(i), identifier.at(i), &errors);
    }

    validateEnumList(u"LifeCycleStage"_s, lifeCycleStage, Model::MaxFilterValues, Model::stages(),
                     Text::tr("stage"), &errors);
    validateEnumList(u"LifeCycleReviewStatus"_s, lifeCycleReviewStatus, Model::MaxFilterValues,
                     Model::reviewStatuses(), Text::tr("review status"), &errors);
    validateList(u"CustomerCompanyName"_s, customerCompanyName, Model::MaxFilterValues, &errors);
    validateDateTimeRange(u"CreatedDate"_s, createdDate, &errors);
    validateDateRange(u"TargetCloseDate"_s, targetCloseDate, &errors);
    return errors;
}

QByteArray ListOpportunitiesRequest::toJson() const
{
    QByteArray out;
    out.reserve(256);
    JsonWriter json(&out);
    json.beginObject();
    if (!catalog.isEmpty()) {
        json.key("Catalog");
        json.value(catalog);
    }
    if (maxResults) {
        json.key("MaxResults");
        json.value(qint64(*maxResults));
    }
    if (!nextToken.isEmpty()) {
        json.key("NextToken");
        json.value(nextToken);
    }
    if (sort) {
        // Model member order: SortOrder, then SortBy (as the JS SDK serialises it).
        json.key("Sort");
        json.beginObject();
        if (!sort->sortOrder.isEmpty()) {
            json.key("SortOrder");
            json.value(sort->sortOrder);
        }
        if (!sort->sortBy.isEmpty()) {
            json.key("SortBy");
            json.value(sort->sortBy);
        }
        json.endObject();
    }
    writeDateTimeRange(&json, "LastModifiedDate", "AfterLastModifiedDate", "BeforeLastModifiedDate",
                       lastModifiedDate);
    writeList(&json, "Identifier", identifier);
    writeList(&json, "LifeCycleStage", lifeCycleStage);
    writeList(&json, "LifeCycleReviewStatus", lifeCycleReviewStatus);
    writeList(&json, "CustomerCompanyName", customerCompanyName);
    writeDateTimeRange(&json, "CreatedDate", "AfterCreatedDate", "BeforeCreatedDate", createdDate);
    if (!targetCloseDate.isEmpty()) {
        json.key("TargetCloseDate");
        json.beginObject();
        if (!targetCloseDate.after.isEmpty()) {
            json.key("AfterTargetCloseDate");
            json.value(targetCloseDate.after);
        }
        if (!targetCloseDate.before.isEmpty()) {
            json.key("BeforeTargetCloseDate");
            json.value(targetCloseDate.before);
        }
        json.endObject();
    }
    json.endObject();
    return out;
}

ListOpportunitiesRequest ListOpportunitiesRequest::fromJson(const QByteArray &json,
                                                            QList<FieldError> *errors)
{
    QList<FieldError> localErrors;
    QList<FieldError> *sink = errors ? errors : &localErrors;
    ListOpportunitiesRequest request;

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        sink->append(fieldError(QString(), "INVALID_VALUE",
                                Text::tr("The request is not valid JSON: %1 at offset %2.")
                                        .arg(parseError.errorString())
                                        .arg(parseError.offset)));
        return request;
    }
    if (!document.isObject()) {
        sink->append(fieldError(QString(), "INVALID_VALUE",
                                Text::tr("The request must be a JSON object.")));
        return request;
    }
    // awsJson servers ignore members they do not know, so unknown keys are skipped here too.
    const QJsonObject root = document.object();
    RequestReader reader(sink);

    reader.readString(root.value(u"Catalog"), u"Catalog"_s, &request.catalog);

    const QJsonValue maxResults = root.value(u"MaxResults");
    if (maxResults.isDouble()) {
        const double value = maxResults.toDouble();
        if (value != std::floor(value)) {
            reader.wrongType(u"MaxResults"_s, Text::tr("a whole number"));
        } else if (value < std::numeric_limits<int>::min()
                   || value > std::numeric_limits<int>::max()) {
            sink->append(fieldError(u"MaxResults"_s, "VALUE_OUT_OF_RANGE",
                                    Text::tr("MaxResults must be between %1 and %2.")
                                            .arg(Model::MaxResultsMin)
                                            .arg(Model::MaxResultsMax)));
        } else {
            request.maxResults = int(value);
        }
    } else if (!maxResults.isNull() && !maxResults.isUndefined()) {
        reader.wrongType(u"MaxResults"_s, Text::tr("a whole number"));
    }

    reader.readString(root.value(u"NextToken"), u"NextToken"_s, &request.nextToken);

    QJsonObject sort;
    if (reader.object(root, u"Sort"_s, &sort)) {
        OpportunitySort value;
        reader.readString(sort.value(u"SortBy"), u"Sort.SortBy"_s, &value.sortBy);
        reader.readString(sort.value(u"SortOrder"), u"Sort.SortOrder"_s, &value.sortOrder);
        request.sort = value;
    }

    reader.readDateTimeRange(root, u"LastModifiedDate"_s, &request.lastModifiedDate);
    reader.readStringList(root, u"Identifier"_s, &request.identifier);
    reader.readStringList(root, u"LifeCycleStage"_s, &request.lifeCycleStage);
    reader.readStringList(root, u"LifeCycleReviewStatus"_s, &request.lifeCycleReviewStatus);
    reader.readStringList(root, u"CustomerCompanyName"_s, &request.customerCompanyName);
    reader.readDateTimeRange(root, u"CreatedDate"_s, &request.createdDate);

    QJsonObject targetClose;
    if (reader.object(root, u"TargetCloseDate"_s, &targetClose)) {
        reader.readString(targetClose.value(u"AfterTargetCloseDate"),
                          u"TargetCloseDate.AfterTargetCloseDate"_s,
                          &request.targetCloseDate.after);
        reader.readString(targetClose.value(u"BeforeTargetCloseDate"),
                          u"TargetCloseDate.BeforeTargetCloseDate"_s,
                          &request.targetCloseDate.before);
    }
    return request;
}

ListOpportunitiesRequest ListOpportunitiesRequest::withNextToken(const QString &token) const
{
    ListOpportunitiesRequest next = *this;
    next.nextToken = token;
    return next;
}

bool ListOpportunitiesRequest::sameQueryAs(const ListOpportunitiesRequest &other) const
{
    return catalog == other.catalog && sort == other.sort
           && lastModifiedDate == other.lastModifiedDate && identifier == other.identifier
           && lifeCycleStage == other.lifeCycleStage
           && lifeCycleReviewStatus == other.lifeCycleReviewStatus
           && customerCompanyName == other.customerCompanyName && createdDate == other.createdDate
           && targetCloseDate == other.targetCloseDate;
}

} // namespace Pd::Core
