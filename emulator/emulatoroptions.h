#pragma once

#include <QString>
#include <QStringList>

namespace Pd::Emulator {

/// How the emulator orders rows with equal sort values. The service documents no tie-break;
/// these are the emulator's choices, so that clients can be shown not to depend on one.
enum class TieBreak {
    IdInSortOrder, ///< Identifier order in the sort's direction (the default)
    IdAscending, ///< Identifier ascending in both orders
    Hashed, ///< a fixed pseudo-random order (a hash of the Identifier), the same in both orders
};

/// Everything `partnerdesk-emulator` can be told on its command line. The defaults serve the
/// demo: a few thousand generated opportunities, no faults, a free loopback port.
struct EmulatorOptions
{
    QString accessKey = QStringLiteral("AKIDPARTNERDESKDEMO");
    QString secretKey; ///< empty: a random secret is generated (see EmulatorServer::credentials)
    QString sessionToken; ///< non-empty: every request must carry and sign this token
    QString region = QStringLiteral("us-east-1");
    QString accountId = QStringLiteral("123456789012"); ///< used in the generated Arns

    int count = 3000; ///< generated opportunities in catalog AWS
    int sandboxCount = 200; ///< generated opportunities in catalog Sandbox
    quint32 seed = 1;
    /// Percent of the generated rows in bulk changes that share timestamps (sort ties): bulk
    /// updates (LastModifiedDate), bulk imports (CreatedDate, company name, TargetCloseDate).
    int bulkPercent = 8;
    TieBreak tieBreak = TieBreak::IdInSortOrder;
    /// Date ranges read the other way round: After exclusive, Before inclusive. The service
    /// documents neither reading ("on or after" and "after" both appear).
    bool afterExclusive = false;
    QString dataFile; ///< serve {"OpportunitySummaries":[...]} from this file instead
    /// The data changing over time (DatasetChurn), per minute in catalog AWS; 0: not at all.
    int churnModifiedPerMinute = 0;
    int churnCreatedPerMinute = 0;
    int churnRemovedPerMinute = 0;

    int throttleEvery = 0; ///< every K-th authenticated request gets ThrottlingException
    int throttleStatus = 429; ///< HTTP status of ThrottlingException: 429 (the model) or 400
    int errorEvery = 0; ///< every K-th authenticated request gets InternalServerException
    int dropEvery = 0; ///< every K-th authenticated request: headers and half the body, then close
    int latencyMs = 0; ///< delay before every response (a timer; the server never blocks)
    double rateLimit = 0; ///< requests per second (token bucket); beyond: ThrottlingException
    int clockSkewS = 0; ///< the server's clock runs this many seconds ahead (Date, signature check)

    int spikeEvery = 0; ///< every K-th authenticated request waits spikeMs more
    int spikeMs = 0;
    QStringList deniedCatalogs; ///< requests for these catalogs get AccessDeniedException (403)
    /// Requests for these operations ("GetOpportunity", …) get AccessDeniedException (403).
    QStringList deniedOperations;

    // Wire variants a client must also accept (the service's own choices are the defaults).
    bool shortPages = false; ///< pages hold about half of MaxResults, with a NextToken
    bool trailingEmptyPage = false; ///< the last data page has a NextToken to an empty page
    bool bareErrorTypes = false; ///< `__type` without the namespace for modelled errors
    bool errorTypeHeader = true; ///< send x-amzn-ErrorType with errors
    bool explicitNulls = false; ///< absent optional members sent as JSON null
    bool asciiJson = false; ///< every non-ASCII character as a JSON unicode escape

    QString logFile; ///< one line per request; never secrets or sensitive fields
    quint16 port = 0; ///< 0: any free port; always bound to 127.0.0.1
};

} // namespace Pd::Emulator
