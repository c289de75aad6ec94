// pd-bench-parse: CPU cost of turning ListOpportunities pages into OpportunitySummary rows.
//
// Generates a realistic 100-item page (every summary field, ~1.1 KB per summary), then times,
// side by side in the same run:
//   simdjson   ListOpportunitiesResponse::parse (simdjson DOM, interned enums): parse + store
//   qjson-dom  QJsonDocument::fromJson alone (no rows built)
//   qjson      QJsonDocument::fromJson plus filling the same OpportunitySummary rows
//   toJson     OpportunitySummary::toJson for every row (the CLI's JSON output path)
// and prints the medians of several runs (process CPU time and wall time) per 1,000 summaries.
//
// Usage: pd-bench-parse [--runs N] [--pages N] [--items N] [--only simdjson|qjson-dom|qjson|toJson]

#include "opportunitysummary.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTextStream>

#include <algorithm>
#include <ctime>
#include <functional>
#include <vector>

using namespace Qt::StringLiterals;
using namespace Pd::Core;

namespace {

template<typename T>
const T &pick(QRandomGenerator &random, const std::vector<T> &values)
{
    return values[random.bounded(quint32(values.size()))];
}

QByteArray generatePage(int items, quint32 seed)
{
    QRandomGenerator random(seed);
    const std::vector<QByteArray> stages{
            "Prospect",  "Qualified", "Technical Validation", "Business Validation",
            "Committed", "Launched",  "Closed Lost"};
    const std::vector<QByteArray> reviews{"Pending Submission", "Submitted", "In review",
                                          "Approved",           "Rejected",  "Action Required"};
    const std::vector<QByteArray> types{"Net New Business", "Flat Renewal", "Expansion"};
    const std::vector<QByteArray> industries{
            "Aerospace",          "Automotive", "Financial Services",
            "Healthcare",         "Retail",     "Software and Internet",
            "Telecommunications", "Other"};
    const std::vector<QByteArray> countries{"US", "DE", "GB", "FR", "JP", "IN", "BR", "CA"};
    const std::vector<QByteArray> cities{"Seattle", "München",   "London",    "Paris",
                                         "東京",    "Bengaluru", "São Paulo", "Toronto"};
    const std::vector<QByteArray> models{"SaaS or PaaS",          "BYOL or AMI", "Managed Services",
                                         "Professional Services", "Resell",      "Other"};
    const std::vector<QByteArray> words{"Acme",  "Globex", "Initech",   "Umbrella", "Stark",
                                        "Wayne", "Tyrell", "Cyberdyne", "Soylent",  "Hooli"};

    QByteArray page = "{\"OpportunitySummaries\":[";
    for (int i = 0; i < items; ++i) {
        const QByteArray id = "O" + QByteArray::number(1000000 + random.bounded(9000000));
        const QByteArray company = pick(random, words) + " " + pick(random, words) + " Holdings";
        const QByteArray stage = pick(random, stages);
        QByteArray s;
        s += "{\"Catalog\":\"AWS\",\"Id\":\"" + id + "\",";
        s += "\"Arn\":\"arn:aws:partnercentral:us-east-1:123456789012:catalog/AWS/opportunity/" + id
             + "\",";
        s += "\"PartnerOpportunityIdentifier\":\"CRM-" + QByteArray::number(random.bounded(99999))
             + "\",";
        s += "\"OpportunityType\":\"" + pick(random, types) + "\",";
        s += "\"LastModifiedDate\":\"2026-0" + QByteArray::number(1 + random.bounded(8)) + "-1"
             + QByteArray::number(random.bounded(10)) + "T1"
             + QByteArray::number(random.bounded(10)) + ":2"
             + QByteArray::number(random.bounded(10)) + ":3"
             + QByteArray::number(random.bounded(10)) + "."
             + QByteArray::number(100 + random.bounded(900)) + "Z\",";
        s += "\"CreatedDate\":\"2025-1" + QByteArray::number(random.bounded(3)) + "-0"
             + QByteArray::number(1 + random.bounded(9)) + "T08:00:00Z\",";
        s += "\"LifeCycle\":{\"Stage\":\"" + stage + "\",";
        if (stage == "Closed Lost") {
            s += "\"ClosedLostReason\":\"Lost to Competitor - Other\",";
        }
        s += "\"NextSteps\":\"Schedule a technical deep dive with the customer's platform team "
             "and share the migration plan draft.\",";
        s += "\"TargetCloseDate\":\"2026-1" + QByteArray::number(random.bounded(3)) + "-2"
             + QByteArray::number(random.bounded(9)) + "\",";
        s += "\"ReviewStatus\":\"" + pick(random, reviews) + "\",";
        s += "\"ReviewComments\":\"Reviewed by the partner development team; details are "
             "complete.\",";
        s += "\"ReviewStatusReason\":\"Meets the opportunity acceptance criteria\"},";
        s += "\"Customer\":{\"Account\":{\"Industry\":\"" + pick(random, industries) + "\",";
        s += "\"CompanyName\":\"" + company + "\",";
        s += "\"WebsiteUrl\":\"https://www." + pick(random, words).toLower() + ".example.com\",";
        s += "\"Address\":{\"City\":\"" + pick(random, cities) + "\",\"PostalCode\":\""
             + QByteArray::number(10000 + random.bounded(89999)) + "\",";
        s += "\"StateOrRegion\":\"Washington\",\"CountryCode\":\"" + pick(random, countries)
             + "\"}}},";
        s += "\"Project\":{\"DeliveryModels\":[\"" + pick(random, models) + "\",\""
             + pick(random, models) + "\"],";
        s += "\"ExpectedCustomerSpend\":[{\"Amount\":\""
             + QByteArray::number(1000 + random.bounded(900000)) + ".00\",";
        s += "\"CurrencyCode\":\"USD\",\"Frequency\":\"Monthly\",\"TargetCompany\":\"AWS\",";
        s += "\"EstimationUrl\":\"https://calculator.aws/#/estimate?id="
             + QByteArray::number(random.generate64(), 16).rightJustified(16, '0')
             + "0123456789abcdef0123456789abcdef\"}],";
        s += "\"ExpectedContractDuration\":{\"Term\":\"Months\",\"Value\":\""
             + QByteArray::number(1 + random.bounded(36)) + "\"}}}";
        page += (i ? "," : "") + s;
    }
    page += "],\"NextToken\":\"AAMA-EFRSURBSGh1dG9rZW4tZXhhbXBsZQ==\"}";
    return page;
}

QString str(const QJsonObject &o, QLatin1StringView key)
{
    const QJsonValue v = o.value(key);
    return v.isString() ? v.toString() : QString();
}

/// The same rows through QJsonDocument, for comparison.
bool parseWithQJson(const QByteArray &body, ListOpportunitiesResponse *response)
{
    *response = {};
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError) {
        return false;
    }
    const QJsonObject root = document.object();
    response->nextToken = str(root, "NextToken"_L1);
    const QJsonArray items = root.value("OpportunitySummaries"_L1).toArray();
    response->opportunitySummaries.reserve(items.size());
    for (const QJsonValue &item : items) {
        const QJsonObject o = item.toObject();
        OpportunitySummary &s = response->opportunitySummaries.emplaceBack();
        s.catalog = str(o, "Catalog"_L1);
        s.id = str(o, "Id"_L1);
        s.arn = str(o, "Arn"_L1);
        s.partnerOpportunityIdentifier = str(o, "PartnerOpportunityIdentifier"_L1);
        s.opportunityType = str(o, "OpportunityType"_L1);
        s.lastModifiedDate = str(o, "LastModifiedDate"_L1);
        s.createdDate = str(o, "CreatedDate"_L1);
        s.lastModifiedDateMs
                = QDateTime::fromString(s.lastModifiedDate, Qt::ISODateWithMs).toMSecsSinceEpoch();
        s.createdDateMs
                = QDateTime::fromString(s.createdDate, Qt::ISODateWithMs).toMSecsSinceEpoch();
        const QJsonObject life = o.value("LifeCycle"_L1).toObject();
        s.hasLifeCycle = o.contains("LifeCycle"_L1);
        s.stage = str(life, "Stage"_L1);
        s.closedLostReason = str(life, "ClosedLostReason"_L1);
        s.nextSteps = str(life, "NextSteps"_L1);
        s.targetCloseDate = str(life, "TargetCloseDate"_L1);
        s.reviewStatus = str(life, "ReviewStatus"_L1);
        s.reviewComments = str(life, "ReviewComments"_L1);
        s.reviewStatusReason = str(life, "ReviewStatusReason"_L1);
        const QJsonObject account
                = o.value("Customer"_L1).toObject().value("Account"_L1).toObject();
        s.industry = str(account, "Industry"_L1);
        s.otherIndustry = str(account, "OtherIndustry"_L1);
        s.companyName = str(account, "CompanyName"_L1);
        s.websiteUrl = str(account, "WebsiteUrl"_L1);
        const QJsonObject address = account.value("Address"_L1).toObject();
        s.city = str(address, "City"_L1);
        s.postalCode = str(address, "PostalCode"_L1);
        s.stateOrRegion = str(address, "StateOrRegion"_L1);
        s.countryCode = str(address, "CountryCode"_L1);
        const QJsonObject project = o.value("Project"_L1).toObject();
        for (const QJsonValue &model : project.value("DeliveryModels"_L1).toArray()) {
            s.deliveryModels.append(model.toString());
        }
        for (const QJsonValue &spendValue : project.value("ExpectedCustomerSpend"_L1).toArray()) {
            const QJsonObject spend = spendValue.toObject();
            s.expectedCustomerSpend.append(ExpectedCustomerSpend{
                    str(spend, "Amount"_L1), str(spend, "CurrencyCode"_L1),
                    str(spend, "Frequency"_L1), str(spend, "TargetCompany"_L1),
                    str(spend, "EstimationUrl"_L1)});
        }
        const QJsonObject duration = project.value("ExpectedContractDuration"_L1).toObject();
        s.expectedContractDurationTerm = str(duration, "Term"_L1);
        s.expectedContractDurationValue = str(duration, "Value"_L1);
    }
    return true;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

struct Sample
{
    double cpuMs = 0; ///< process CPU time per 1,000 summaries
    double wallMs = 0; ///< wall time per 1,000 summaries
};

/// Per 1,000 summaries: the medians over `runs` runs of `pages` page operations. CPU time is
/// the figure of merit (it is what the target counts and it does not grow when the machine is
/// busy with other work); wall time is shown beside it.
Sample measure(int runs, int pages, int items, const std::function<void()> &operation)
{
    operation(); // warm-up: allocations, parser buffers, intern table
    std::vector<double> cpu;
    std::vector<double> wall;
    const double summaries = double(pages) * items;
    for (int run = 0; run < runs; ++run) {
        QElapsedTimer timer;
        timer.start();
        const std::clock_t cpuStart = std::clock();
        for (int p = 0; p < pages; ++p) {
            operation();
        }
        const double cpuMs = double(std::clock() - cpuStart) * 1000.0 / CLOCKS_PER_SEC;
        const double wallMs = double(timer.nsecsElapsed()) / 1e6;
        cpu.push_back(cpuMs / summaries * 1000.0);
        wall.push_back(wallMs / summaries * 1000.0);
    }
    return {median(cpu), median(wall)};
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int runs = 7;
    int pages = 500;
    int items = 100;
    QString only;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        const int value = args.at(i + 1).toInt();
        if (args.at(i) == u"--runs") {
            runs = value;
        } else if (args.at(i) == u"--pages") {
            pages = value;
        } else if (args.at(i) == u"--items") {
            items = value;
        } else if (args.at(i) == u"--only") {
            only = args.at(i + 1);
        }
    }
    runs = std::max(runs, 1);
    pages = std::max(pages, 1);
    items = std::max(items, 1);

    QTextStream out(stdout);
    const QByteArray page = generatePage(items, 2026);

    ListOpportunitiesResponse simd;
    QString error;
    ListOpportunitiesResponse qjson;
    if (!ListOpportunitiesResponse::parse(page, &simd, &error) || !parseWithQJson(page, &qjson)
        || simd.opportunitySummaries.size() != items) {
        out << "page does not parse: " << error << Qt::endl;
        return 1;
    }

    out << "page: " << items << " summaries, " << page.size() << " bytes (" << page.size() / items
        << " bytes per summary); " << runs << " runs x " << pages << " pages, median\n";

    out << QString::fromLatin1("").leftJustified(12)
        << "CPU ms/1,000  wall ms/1,000  CPU ms/page  MB/s (CPU)" << Qt::endl;
    const auto run = [&](const char *name, const std::function<void()> &operation) {
        if (!only.isEmpty() && only != QLatin1StringView(name)) {
            return 0.0;
        }
        const Sample sample = measure(runs, pages, items, operation);
        const double mbPerSecond
                = double(page.size()) / items * 1000.0 / (sample.cpuMs / 1000.0) / 1e6;
        out << QString::fromLatin1(name).leftJustified(12)
            << QString::number(sample.cpuMs, 'f', 3).rightJustified(12)
            << QString::number(sample.wallMs, 'f', 3).rightJustified(14)
            << QString::number(sample.cpuMs * items / 1000.0, 'f', 4).rightJustified(13)
            << QString::number(mbPerSecond, 'f', 0).rightJustified(12) << Qt::endl;
        return sample.cpuMs;
    };

    const double simdMs = run("simdjson", [&] {
        ListOpportunitiesResponse response;
        ListOpportunitiesResponse::parse(page, &response, nullptr);
    });
    run("qjson-dom", [&] {
        const QJsonDocument document = QJsonDocument::fromJson(page);
        Q_UNUSED(document);
    });
    const double qjsonMs = run("qjson", [&] {
        ListOpportunitiesResponse response;
        parseWithQJson(page, &response);
    });
    run("toJson", [&] {
        qsizetype total = 0;
        for (const OpportunitySummary &summary : simd.opportunitySummaries) {
            total += summary.toJson().size();
        }
        Q_UNUSED(total);
    });
    if (simdMs > 0 && qjsonMs > 0) {
        out << "ratio qjson / simdjson (parse + store): "
            << QString::number(qjsonMs / simdMs, 'f', 2) << "x" << Qt::endl;
    }
    return 0;
}
