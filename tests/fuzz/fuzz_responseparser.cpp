// ListOpportunitiesResponse::parse on arbitrary bytes. A body that parses must survive a round
// trip: the summaries written back as JSON parse to the same summaries.
#include "opportunitysummary.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <cstdlib>

using namespace Qt::StringLiterals;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    Pd::Core::ListOpportunitiesResponse response;
    QString error;
    if (!Pd::Core::ListOpportunitiesResponse::parse(body, &response, &error)) {
        if (error.isEmpty())
            std::abort();
        return 0;
    }
    QByteArray again = "{\"OpportunitySummaries\":["_ba;
    for (qsizetype i = 0; i < response.opportunitySummaries.size(); ++i) {
        if (i > 0)
            again += ',';
        again += response.opportunitySummaries.at(i).toJson();
    }
    again += "]}"_ba;
    Pd::Core::ListOpportunitiesResponse reparsed;
    if (!Pd::Core::ListOpportunitiesResponse::parse(again, &reparsed, &error))
        std::abort();
    if (reparsed.opportunitySummaries != response.opportunitySummaries)
        std::abort();
    return 0;
}
