#include "listopportunitiescommand.h"

#include "awsclient.h"
#include "backgroundopportunityoutput.h"
#include "csvopportunityoutput.h"
#include "jsonopportunityoutput.h"
#include "listopportunitiescall.h"
#include "opportunitylister.h"
#include "opportunitystoredb.h"

#include <QDir>
#include <QFileDevice>
#include <QIODevice>
#include <QLocale>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

namespace Pd::Core {

Q_LOGGING_CATEGORY(lcListOpportunitiesCommand, "partnerdesk.core.listopportunitiescommand")

namespace {
const QString Operation = u"ListOpportunities"_s;
} // namespace

ListOpportunitiesCommand::ListOpportunitiesCommand(CliOptions options, AwsClient *client,
                                                   QIODevice *out, QIODevice *err, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_client(client), m_out(out), m_err(err)
{
    std::unique_ptr<OpportunityOutput> output;
    if (m_options.output == CliOptions::OutputFormat::Csv) {
        auto csv = std::make_unique<CsvOpportunityOutput>(m_out);
        csv->writer().setNeutralizeFormulas(!m_options.csvRaw);
        csv->writer().setWriteBom(m_options.csvBom);
        output = std::move(csv);
    } else {
        output = std::make_unique<JsonOpportunityOutput>(m_out);
    }
    // Pages are formatted and written on a worker thread while the next ones are fetched.
    m_output = std::make_unique<BackgroundOpportunityOutput>(std::move(output));
}

ListOpportunitiesCommand::~ListOpportunitiesCommand() = default;

void ListOpportunitiesCommand::setOutput(std::unique_ptr<OpportunityOutput> output)
{
    m_output = std::make_unique<BackgroundOpportunityOutput>(std::move(output));
}

CliExitCode ListOpportunitiesCommand::exitCodeFor(const ApiError &error)
{
    switch (error.kind) {
    case ApiError::Kind::None:
        return CliExitCode::Success;
    case ApiError::Kind::LocalValidation:
        return CliExitCode::InvalidParameter;
    case ApiError::Kind::Configuration:
        return CliExitCode::Configuration;
    case ApiError::Kind::Validation:
    case ApiError::Kind::AccessDenied:
    case ApiError::Kind::ResourceNotFound:
    case ApiError::Kind::Throttling:
    case ApiError::Kind::InternalServer:
    case ApiError::Kind::Authentication:
    case ApiError::Kind::Service:
        return CliExitCode::ServiceError;
    case ApiError::Kind::Cancelled:
        return CliExitCode::Interrupted;
    case ApiError::Kind::Network:
    case ApiError::Kind::Timeout:
    case ApiError::Kind::InvalidResponse:
        break;
    }
    return CliExitCode::OtherError;
}

void ListOpportunitiesCommand::start()
{
    if (m_exitCode >= 0 || m_call || m_lister) {
        return;
    }
    if (m_store) {
        startLocal();
        return;
    }
    if (!m_client) {
        fail(ApiError::configuration(tr("No client to call the service with.")));
        return;
    }
    if (!m_client->configError().isEmpty()) {
        fail(ApiError::configuration(m_client->configError()));
        return;
    }
    if (m_options.paginate) {
        m_pageToken = m_options.startingToken.nextToken;
        m_skip = m_options.startingToken.skip;
    }
    qCDebug(lcListOpportunitiesCommand)
            << "listing" << m_options.request.catalog << "paginate" << m_options.paginate
            << "page size" << m_options.request.maxResults.value_or(0) << "max items"
            << m_options.maxItems.value_or(0) << "endpoint"
            << m_client->config().endpoint.toDisplayString();
    if (m_options.paginate && !m_options.maxItems && m_pageToken.isEmpty() && m_skip == 0) {
        listEverything();
        return;
    }
    requestPage();
}

void ListOpportunitiesCommand::listEverything()
{
    m_lister = new OpportunityLister(m_client, this);
    m_lister->setRequest(m_options.request);
    m_lister->setMaxConcurrency(m_options.maxConcurrency);
    connect(m_lister, &OpportunityLister::rowsReady, this, &ListOpportunitiesCommand::handleRows);
    connect(m_lister, &OpportunityLister::waitingForQuota, this, [this](int delayMs) {
        qCDebug(lcListOpportunitiesCommand) << "throttled; retrying in" << delayMs << "ms";
        showProgress(tr("%Ln opportunities fetched, waiting for quota…", nullptr, int(m_items)));
    });
    connect(m_lister, &OpportunityLister::finished, this,
            &ListOpportunitiesCommand::handleListerFinished);
    m_lister->start();
}

void ListOpportunitiesCommand::handleRows(const QList<OpportunitySummary> &rows)
{
    if (m_exitCode >= 0) {
        return;
    }
    if (!m_begun) {
        m_begun = true;
        if (!m_output->begin()) {
            failWith(CliExitCode::OtherError, m_output->errorString());
            if (m_lister) {
                m_lister->cancel();
            }
            return;
        }
    }
    if (!m_output->writeSummaries(rows)) {
        failWith(CliExitCode::OtherError, m_output->errorString());
        if (m_lister) {
            m_lister->cancel();
        }
        return;
    }
    m_items += rows.size();
    showProgress(tr("%Ln opportunities fetched", nullptr, int(m_items)));
}

void ListOpportunitiesCommand::handleListerFinished()
{
    m_pages = m_lister->pageCount();
    qCDebug(lcListOpportunitiesCommand)
            << "listed" << m_lister->rowCount() << "items in" << m_pages << "pages,"
            << m_lister->requestCount() << "requests," << m_lister->sliceCount() << "slices,"
            << m_lister->elapsedMs() << "ms";
    if (m_exitCode >= 0) {
        return;
    }
    if (m_lister->error().isError()) {
        fail(m_lister->error());
        return;
    }
    if (!m_begun) {
        m_begun = true;
        if (!m_output->begin()) {
            failWith(CliExitCode::OtherError, m_output->errorString());
            return;
        }
    }
    complete(QString());
}

void ListOpportunitiesCommand::abort()
{
    if (m_exitCode >= 0) {
        return;
    }
    if (m_call) {
        m_call->abort();
        return;
    }
    if (m_lister && m_lister->isRunning()) {
        m_lister->cancel(); // finishes the command with Kind::Cancelled
        return;
    }
    done(CliExitCode::Interrupted);
}

void ListOpportunitiesCommand::startLocal()
{
    if (m_options.paginate) {
        m_pageToken = m_options.startingToken.nextToken;
        m_skip = m_options.startingToken.skip;
    } else {
        m_pageToken = m_options.request.nextToken;
    }
    const auto warnIfIncomplete = [this] {
        if (!m_store->isComplete()) {
            writeError(tr("The local copy %1 has not completed a full sync: opportunities may "
                          "be missing.")
                               .arg(QDir::toNativeSeparators(m_store->path())));
        }
    };
    QString error;
    if (m_options.paginate && !m_options.maxItems && m_pageToken.isEmpty() && m_skip == 0) {
        warnIfIncomplete();
        // Everything: handed on in slices of a few pages, as a parallel listing hands them on,
        // while the store reads the next.
        constexpr int Slice = 1000;
        const bool read = m_store->queryPages(
                m_options.request, Slice,
                [this](QList<OpportunitySummary> &&rows) {
                    handleRows(rows);
                    return m_exitCode < 0;
                },
                &error);
        if (m_exitCode >= 0) {
            return;
        }
        if (!read) {
            failWith(CliExitCode::OtherError, error);
            return;
        }
        qCDebug(lcListOpportunitiesCommand) << "listed" << m_items << "rows of" << m_store->path();
        if (!m_begun) {
            m_begun = true;
            if (!m_output->begin()) {
                failWith(CliExitCode::OtherError, m_output->errorString());
                return;
            }
        }
        complete(QString());
        return;
    }
    if (!m_store->query(m_options.request, &m_localRows, &error)) {
        failWith(CliExitCode::OtherError, error);
        return;
    }
    qCDebug(lcListOpportunitiesCommand)
            << "listing" << m_localRows.size() << "rows of" << m_store->path();
    warnIfIncomplete();
    serveLocalPage();
}

void ListOpportunitiesCommand::serveLocalPage()
{
    if (m_exitCode >= 0) {
        return;
    }
    bool ok = true;
    const qsizetype offset = m_pageToken.isEmpty() ? 0 : m_pageToken.toLongLong(&ok);
    if (!ok || offset < 0 || offset > m_localRows.size()) {
        failWith(CliExitCode::InvalidParameter,
                 tr("The token %1 does not come from a listing of the local copy.")
                         .arg(m_pageToken));
        return;
    }
    const qsizetype size = m_options.request.maxResults.value_or(
            m_options.paginate ? CliOptions::DefaultPageSize : 20); // the service's default
    ListOpportunitiesResponse response;
    response.opportunitySummaries = m_localRows.mid(offset, size);
    if (offset + size < m_localRows.size()) {
        response.nextToken = QString::number(offset + size);
    }
    ++m_pages;
    handleResponse(std::move(response));
}

void ListOpportunitiesCommand::requestPage()
{
    if (m_store) {
        // The next local page once this one has been handed on, without deepening the stack.
        QMetaObject::invokeMethod(this, &ListOpportunitiesCommand::serveLocalPage,
                                  Qt::QueuedConnection);
        return;
    }
    const ListOpportunitiesRequest request
            = m_options.paginate ? m_options.request.withNextToken(m_pageToken) : m_options.request;
    m_call = new ListOpportunitiesCall(m_client, request, this);
    connect(m_call, &ListOpportunitiesCall::finished, this, &ListOpportunitiesCommand::handlePage);
    connect(m_call, &ListOpportunitiesCall::retrying, this,
            [this](int attempt, int delayMs, const ApiError &cause) {
                qCDebug(lcListOpportunitiesCommand).noquote()
                        << "page" << m_pages + 1 << "attempt" << attempt
                        << "failed:" << cause.summary() << "- retrying in" << delayMs << "ms";
                if (cause.kind == ApiError::Kind::Throttling) {
                    showProgress(tr("%Ln opportunities fetched, waiting for quota…", nullptr,
                                    int(m_items)));
                }
            });
    m_call->start();
}

void ListOpportunitiesCommand::handlePage()
{
    ListOpportunitiesCall *call = m_call;
    m_call = nullptr;
    call->deleteLater();
    if (call->error().isError()) {
        fail(call->error());
        return;
    }
    ListOpportunitiesResponse response = call->takeResponse();
    ++m_pages;
    qCDebug(lcListOpportunitiesCommand)
            << "page" << m_pages << "items" << response.opportunitySummaries.size() << "next token"
            << !response.nextToken.isEmpty() << "elapsed ms" << call->elapsedMs();
    handleResponse(std::move(response));
}

void ListOpportunitiesCommand::handleResponse(ListOpportunitiesResponse response)
{
    QList<OpportunitySummary> &summaries = response.opportunitySummaries;

    // A --starting-token that points into a page: drop what the earlier run returned.
    const int startingSkip = m_skip;
    if (m_skip > 0) {
        summaries.remove(0, qMin<qsizetype>(m_skip, summaries.size()));
        m_skip = 0;
    }

    if (!m_begun) {
        m_begun = true;
        if (!m_output->begin()) {
            failWith(CliExitCode::OtherError, m_output->errorString());
            return;
        }
    }

    QString resumeToken;
    bool last = false;
    if (m_options.paginate && m_options.maxItems
        && m_items + summaries.size() > *m_options.maxItems) {
        const int kept = int(*m_options.maxItems - m_items);
        summaries.resize(kept);
        resumeToken = PaginationToken{m_pageToken, kept + startingSkip}.encode();
        last = true;
    } else if (!m_options.paginate) {
        resumeToken = response.nextToken;
        last = true;
    } else if (response.nextToken.isEmpty()) {
        last = true;
    } else if (m_options.maxItems && m_items + summaries.size() == *m_options.maxItems) {
        resumeToken = PaginationToken{response.nextToken, 0}.encode();
        last = true;
    }

    if (!m_output->writeSummaries(summaries)) {
        failWith(CliExitCode::OtherError, m_output->errorString());
        return;
    }
    m_items += summaries.size();
    showProgress(tr("%Ln opportunities fetched", nullptr, int(m_items)));

    if (last) {
        complete(resumeToken);
        return;
    }
    if (m_pages > 1 && response.nextToken == m_pageToken) {
        failWith(CliExitCode::OtherError,
                 tr("The service sent the same NextToken twice in a row; stopping to avoid an "
                    "endless listing."));
        return;
    }
    m_pageToken = response.nextToken;
    requestPage();
}

void ListOpportunitiesCommand::complete(const QString &resumeToken)
{
    if (!m_output->finish(m_output->carriesNextToken() ? resumeToken : QString())) {
        failWith(CliExitCode::OtherError, m_output->errorString());
        return;
    }
    if (!flushOutput()) {
        return;
    }
    if (!resumeToken.isEmpty() && !m_output->carriesNextToken()) {
        writeError(m_options.paginate
                           ? tr("More opportunities are available. To continue, repeat the "
                                "command with --starting-token %1")
                                     .arg(resumeToken)
                           : tr("More opportunities are available. To continue, repeat the "
                                "command with --next-token %1")
                                     .arg(resumeToken));
    }
    done(CliExitCode::Success);
}

void ListOpportunitiesCommand::fail(const ApiError &error)
{
    qCDebug(lcListOpportunitiesCommand).noquote() << "failed:" << error.summary();
    // The pages received so far are written first. A write failure among them happened before
    // this error, so it is the one reported (as when pages were written as they arrived).
    if (!m_output->drain()) {
        failWith(CliExitCode::OtherError, m_output->errorString());
        return;
    }
    if (auto *file = qobject_cast<QFileDevice *>(m_out)) {
        file->flush();
    }
    writeError(error.toCliText(Operation));
    done(exitCodeFor(error));
}

void ListOpportunitiesCommand::failWith(CliExitCode code, const QString &message)
{
    // As in fail(): a write failure of a page received before this one is reported instead.
    if (!m_output->drain()) {
        writeError(m_output->errorString());
        done(CliExitCode::OtherError);
        return;
    }
    writeError(message);
    done(code);
}

void ListOpportunitiesCommand::done(CliExitCode code)
{
    if (m_exitCode >= 0) {
        return;
    }
    // Whatever is still queued is written before the command reports that it has finished;
    // after this, `m_out` is the caller's again.
    m_output->drain();
    if (m_progressShown && m_err) {
        m_err->write("\n");
        m_progressShown = false;
    }
    if (auto *file = qobject_cast<QFileDevice *>(m_err)) {
        file->flush();
    }
    m_exitCode = int(code);
    Q_EMIT finished(m_exitCode);
}

void ListOpportunitiesCommand::writeError(const QString &text)
{
    if (!m_err) {
        return;
    }
    if (m_progressShown) {
        m_err->write("\n");
        m_progressShown = false;
    }
    QString line = text;
    if (!line.endsWith(u'\n')) {
        line += u'\n';
    }
    m_err->write(line.toUtf8());
}

void ListOpportunitiesCommand::showProgress(const QString &text)
{
    if (!m_showProgress || !m_err) {
        return;
    }
    // CR, the text, then erase what a longer previous line left on the right.
    m_err->write("\r" + text.toUtf8() + "\x1b[K");
    if (auto *file = qobject_cast<QFileDevice *>(m_err)) {
        file->flush();
    }
    m_progressShown = true;
}

bool ListOpportunitiesCommand::flushOutput()
{
    auto *file = qobject_cast<QFileDevice *>(m_out);
    if (file && !file->flush()) {
        const QString problem = tr("Could not write the output: %1").arg(file->errorString());
        if (m_exitCode < 0) {
            writeError(problem);
            done(CliExitCode::OtherError);
        }
        return false;
    }
    return true;
}

} // namespace Pd::Core
