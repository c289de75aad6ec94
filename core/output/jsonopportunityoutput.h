#pragma once

#include "opportunityoutput.h"

#include <QCoreApplication>

class QIODevice;

namespace Pd::Core {

/// Writes a listing as the AWS CLI does: one `{"OpportunitySummaries": [...]}` object holding
/// every page, followed by `"NextToken"` when the listing stopped early, indented by four
/// spaces. Summaries come from OpportunitySummary::toJson() (model member order, timestamps as
/// received) and are written page by page, so memory does not grow with the listing.
class JsonOpportunityOutput final : public OpportunityOutput
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::JsonOpportunityOutput)

public:
    explicit JsonOpportunityOutput(QIODevice *device);

    bool begin() override;
    bool writeSummaries(const QList<OpportunitySummary> &summaries) override;
    bool finish(const QString &nextToken) override;
    QString errorString() const override { return m_error; }
    bool carriesNextToken() const override { return true; }

private:
    bool write(const QByteArray &bytes);

    QIODevice *m_device = nullptr;
    QString m_error;
    qint64 m_count = 0;
};

} // namespace Pd::Core
