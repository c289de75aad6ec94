#pragma once

#include "clioptions.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <optional>

class QIODevice;

namespace Pd::Core {

class AwsClient;
class OperationCall;

/// `partnerdesk-cli get-opportunity` and `partnerdesk-cli get-aws-opportunity-summary`: one
/// GetOpportunity or GetAwsOpportunitySummary call, the response object printed as the AWS CLI
/// prints it with `--output json` (4-space indent, members in model order, non-ASCII as it
/// is, service values as received). Options are those of `aws partnercentral-selling
/// get-opportunity` / `get-aws-opportunity-summary` plus the connection options of
/// list-opportunities. Errors and exit codes as for list-opportunities.
///
/// Emits `finished()` exactly once, with the process exit code (CliExitCode).
class DetailCommand final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DetailCommand)

public:
    DetailCommand(CliOptions options, AwsClient *client, QIODevice *out, QIODevice *err,
                  QObject *parent = nullptr);
    ~DetailCommand() override;

    void start();
    /// Stops the call in flight; finished(130) follows.
    void abort();

    /// Whether `arguments` (without the program name) name one of these commands.
    static bool isDetailCommand(const QStringList &arguments);
    /// Parses such a command line: Action::GetOpportunity or GetAwsOpportunitySummary with
    /// its request validated against the model (or Help, Version), and the connection options.
    static std::optional<CliOptions> parseOptions(const QStringList &arguments, CliError *error);
    /// What shell completion offers after `command`: the options of that command (this
    /// class's option table) and their values (those of list-opportunities, `--output json`).
    static QString completionWords(QStringView command, const QString &listingWords);
    static QString helpText(QStringView command);

Q_SIGNALS:
    void finished(int exitCode);

private:
    void handleFinished();

    CliOptions m_options;
    QPointer<AwsClient> m_client;
    QIODevice *m_out = nullptr;
    QIODevice *m_err = nullptr;
    OperationCall *m_call = nullptr;
    bool m_done = false;
};

} // namespace Pd::Core
