// pd-bench-store: client CPU per 1,000 summaries parsed and stored the way the table model
// stores them (OpportunityRows::decode, straight from the response body into compact rows), on
// the pages partnerdesk-emulator serves (its generated dataset, 100 summaries per page). Side by
// side: ListOpportunitiesResponse::parse alone (the CLI's path), and parse followed by
// OpportunityRows::append; the cost of rebuilding a stored row (OpportunityRows::at); the bytes
// stored per row. Prints "RESULT <name> <value>" lines with the medians of several runs.
//
// Usage: pd-bench-store [--runs N] [--rows N]

#include "datasetgenerator.h"
#include "opportunityrows.h"

#include <QCoreApplication>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace Qt::StringLiterals;
using namespace Pd::Core;

namespace {

double processCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

int option(const QStringList &args, const QString &name, int fallback)
{
    const qsizetype at = args.indexOf(name);
    return at >= 0 && at + 1 < args.size() ? args.at(at + 1).toInt() : fallback;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int runs = std::max(1, option(app.arguments(), u"--runs"_s, 7));
    const int total = std::max(100, option(app.arguments(), u"--rows"_s, 100000));
    constexpr int PageSize = 100;

    const Pd::Emulator::DatasetGenerator generator(1, u"us-east-1"_s, u"123456789012"_s);
    std::vector<QByteArray> pages;
    qsizetype bodyBytes = 0;
    for (int first = 0; first < total; first += PageSize) {
        QByteArray page = "{\"OpportunitySummaries\":[";
        for (int i = first; i < std::min(total, first + PageSize); ++i) {
            page += (i > first ? "," : "") + generator.summary(u"AWS"_s, i).toJson();
        }
        page += "],\"NextToken\":\"AAEAAQ-example-token\"}";
        bodyBytes += page.size();
        pages.push_back(std::move(page));
    }

    std::vector<double> parseOnly;
    std::vector<double> parseAndStore;
    std::vector<double> decodeAndStore;
    std::vector<double> rebuild;
    double bytesPerRow = 0;
    for (int run = 0; run < runs; ++run) {
        {
            const double start = processCpuMs();
            for (const QByteArray &page : pages) {
                ListOpportunitiesResponse response;
                QString error;
                if (!ListOpportunitiesResponse::parse(page, &response, &error)) {
                    std::fprintf(stderr, "parse failed: %s\n", qPrintable(error));
                    return 1;
                }
            }
            parseOnly.push_back((processCpuMs() - start) * 1000.0 / total);
        }
        OpportunityRows rows;
        {
            const double start = processCpuMs();
            for (const QByteArray &page : pages) {
                ListOpportunitiesResponse response;
                QString error;
                ListOpportunitiesResponse::parse(page, &response, &error);
                rows.append(response.opportunitySummaries);
            }
            parseAndStore.push_back((processCpuMs() - start) * 1000.0 / total);
        }
        OpportunityRows decoded;
        {
            const double start = processCpuMs();
            for (const QByteArray &page : pages) {
                OpportunityRows::Page rows;
                QString error;
                if (!decoded.decode(page, &rows, &error)) {
                    std::fprintf(stderr, "decode failed: %s\n", qPrintable(error));
                    return 1;
                }
                decoded.append(std::move(rows));
            }
            decodeAndStore.push_back((processCpuMs() - start) * 1000.0 / total);
        }
        {
            const double start = processCpuMs();
            qsizetype characters = 0;
            for (qsizetype row = 0; row < rows.size(); ++row) {
                characters += rows.at(row).companyName.size();
            }
            rebuild.push_back((processCpuMs() - start) * 1000.0 / total);
            if (characters == 0) {
                return 1;
            }
        }
        bytesPerRow = double(rows.memoryUsed()) / double(rows.size());
    }
    std::printf("RESULT store_rows %d\n", total);
    std::printf("RESULT store_body_bytes_per_summary %.0f\n", double(bodyBytes) / total);
    std::printf("RESULT parse_cpu_ms_per_1000 %.3f\n", median(parseOnly));
    std::printf("RESULT parse_append_cpu_ms_per_1000 %.3f\n", median(parseAndStore));
    std::printf("RESULT decode_store_cpu_ms_per_1000 %.3f\n", median(decodeAndStore));
    std::printf("RESULT rebuild_cpu_ms_per_1000 %.3f\n", median(rebuild));
    std::printf("RESULT store_bytes_per_row %.0f\n", bytesPerRow);
    return 0;
}
