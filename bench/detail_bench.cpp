// pd-bench-detail: CPU cost of parsing one GetOpportunity answer (target: at most 50 µs).
//
// Takes the emulator's GetOpportunity and GetAwsOpportunitySummary answers for the first N
// opportunities of its dataset (every member of the model occurs; a GetOpportunity answer is
// 2-6 KB), then times, in the same run:
//   parse       GetOpportunityResponse::parse per answer
//   parse-aws   GetAwsOpportunitySummaryResponse::parse per answer
//   qjson-dom   QJsonDocument::fromJson alone per GetOpportunity answer (no response built)
//   toJson      GetOpportunityResponse::toJson(4) per answer (the CLI's output)
// and prints the median of several runs in microseconds per answer, with the largest answer's
// size and its own parse time, then the same figures as "RESULT name value" lines.
//
// Usage: pd-bench-detail [--runs N] [--count N]

#include "datasetgenerator.h"
#include "getawsopportunitysummary.h"
#include "getopportunity.h"
#include "opportunitydetails.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTextStream>

#include <algorithm>
#include <functional>
#include <vector>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using namespace Pd::Emulator;

namespace {

/// Median wall time of `runs` runs of `work` over `items` items, in microseconds per item.
double medianMicros(int runs, qsizetype items, const std::function<void()> &work)
{
    std::vector<double> micros;
    for (int r = 0; r < runs; ++r) {
        QElapsedTimer timer;
        timer.start();
        work();
        micros.push_back(double(timer.nsecsElapsed()) / 1000.0 / double(items));
    }
    std::sort(micros.begin(), micros.end());
    return micros[micros.size() / 2];
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int runs = 15;
    int count = 500;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        if (args.at(i) == "--runs"_L1) {
            runs = std::max(1, args.at(i + 1).toInt());
        } else if (args.at(i) == "--count"_L1) {
            count = std::max(1, args.at(i + 1).toInt());
        }
    }

    const DatasetGenerator generator(1, u"us-east-1"_s, u"123456789012"_s);
    const OpportunityDetails details(1, u"us-east-1"_s, u"123456789012"_s);
    QList<QByteArray> answers;
    QList<QByteArray> awsAnswers;
    qsizetype bytes = 0;
    QByteArray largest;
    for (int i = 0; i < count; ++i) {
        const OpportunitySummary summary = generator.summary(u"AWS"_s, i);
        answers.append(details.opportunity(summary).toJson());
        bytes += answers.back().size();
        if (answers.back().size() > largest.size()) {
            largest = answers.back();
        }
        if (const auto aws = details.awsSummary(summary)) {
            awsAnswers.append(aws->toJson());
        }
    }

    QList<GetOpportunityResponse> parsed(answers.size());
    QString error;
    const double parse = medianMicros(runs, answers.size(), [&] {
        for (qsizetype i = 0; i < answers.size(); ++i) {
            GetOpportunityResponse::parse(answers.at(i), &parsed[i], &error);
        }
    });
    GetAwsOpportunitySummaryResponse aws;
    const double parseAws = medianMicros(runs, awsAnswers.size(), [&] {
        for (const QByteArray &answer : std::as_const(awsAnswers)) {
            GetAwsOpportunitySummaryResponse::parse(answer, &aws, &error);
        }
    });
    const double dom = medianMicros(runs, answers.size(), [&] {
        for (const QByteArray &answer : std::as_const(answers)) {
            const QJsonDocument document = QJsonDocument::fromJson(answer);
            Q_UNUSED(document)
        }
    });
    qsizetype written = 0;
    const double toJson = medianMicros(runs, parsed.size(), [&] {
        for (const GetOpportunityResponse &response : std::as_const(parsed)) {
            written += response.toJson(4).size();
        }
    });
    GetOpportunityResponse one;
    const double largestParse = medianMicros(
            runs * 20, 1, [&] { GetOpportunityResponse::parse(largest, &one, &error); });

    QTextStream out(stdout);
    out << "GetOpportunity answers: " << answers.size() << ", mean " << bytes / answers.size()
        << " bytes, largest " << largest.size() << " bytes\n";
    out << Qt::fixed;
    out.setRealNumberPrecision(1);
    out << "parse      " << parse << " us per answer (target <= 50)\n";
    out << "parse max  " << largestParse << " us for the largest answer\n";
    out << "parse-aws  " << parseAws << " us per GetAwsOpportunitySummary answer\n";
    out << "qjson-dom  " << dom << " us per answer (QJsonDocument::fromJson alone)\n";
    out << "toJson(4)  " << toJson << " us per answer\n";
    // For bench/benchmarks.py.
    out << "RESULT get_opportunity_parse_us " << parse << '\n'
        << "RESULT get_opportunity_parse_largest_us " << largestParse << '\n'
        << "RESULT get_aws_opportunity_summary_parse_us " << parseAws << '\n'
        << "RESULT get_opportunity_bytes_mean " << double(bytes) / double(answers.size()) << '\n';
    return parse <= 50.0 && largestParse <= 50.0 ? 0 : 1;
}
