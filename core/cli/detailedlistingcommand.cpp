#include "detailedlistingcommand.h"

#include "awsclient.h"
#include "csvwriter.h"
#include "jsonwriter.h"
#include "listopportunitiescommand.h"
#include "opportunitydetailsstore.h"
#include "opportunityfield.h"
#include "opportunityoutput.h"
#include "opportunitystoredb.h"
#include "shapejson.h"

#include <QFileDevice>
#include <QIODevice>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace Pd::Core {

/// The listing's rows, kept for the details (written later, all at once).
class DetailedListingCommand::Collector final : public OpportunityOutput
{
public:
    explicit Collector(std::shared_ptr<QList<OpportunitySummary>> rows)
        : m_rows(std::move(rows)) { }
    bool begin() override { return true; }
    bool writeSummaries(const QList<OpportunitySummary> &summaries) override
    {
        m_rows->append(summaries);
        return true;
    }
    bool finish(const QString &) override { return true; }
    QString errorString() const override { return {}; }
    bool carriesNextToken() const override { return false; }

private:
    std::shared_ptr<QList<OpportunitySummary>> m_rows;
};

namespace {

QString joined(const std::optional<QStringList> &list)
{
    return list ? list->join(u"; "_s) : QString();
}

} // namespace

QStringList DetailedListingCommand::detailColumns()
{
    return {u"Title"_s,
            u"Owner"_s,
            u"OwnerEmail"_s,
            u"Project.CustomerBusinessProblem"_s,
            u"Project.CustomerUseCase"_s,
            u"Project.SalesActivities"_s,
            u"Project.CompetitorName"_s,
            u"Project.OtherCompetitorNames"_s,
            u"Project.OtherSolutionDescription"_s,
            u"Project.ApnPrograms"_s,
            u"Project.AdditionalComments"_s,
            u"Project.RelatedOpportunityIdentifier"_s,
            u"Project.AwsPartition"_s,
            u"PrimaryNeedsFromAws"_s,
            u"NationalSecurity"_s,
            u"Customer.Account.AwsAccountId"_s,
            u"Customer.Account.Duns"_s,
            u"Customer.Account.Address.StreetAddress"_s,
            u"Marketing.Source"_s,
            u"Marketing.CampaignName"_s,
            u"Marketing.AwsFundingUsed"_s,
            u"SoftwareRevenue.DeliveryModel"_s,
            u"SoftwareRevenue.Value.Amount"_s,
            u"SoftwareRevenue.Value.CurrencyCode"_s,
            u"SoftwareRevenue.EffectiveDate"_s,
            u"SoftwareRevenue.ExpirationDate"_s};
}

QStringList DetailedListingCommand::detailCells(const GetOpportunityResponse &d)
{
    const Shapes::Project project = d.project.value_or(Shapes::Project{});
    const Shapes::Account account
            = d.customer && d.customer->account ? *d.customer->account : Shapes::Account{};
    const Shapes::Marketing marketing = d.marketing.value_or(Shapes::Marketing{});
    const Shapes::SoftwareRevenue revenue = d.softwareRevenue.value_or(Shapes::SoftwareRevenue{});
    const Shapes::MonetaryValue value = revenue.value.value_or(Shapes::MonetaryValue{});
    const QString ownerEmail = d.opportunityTeam && !d.opportunityTeam->isEmpty()
                                       ? d.opportunityTeam->constFirst().email
                                       : QString();
    return {project.title,
            OpportunityDetailsStore::ownerOf(d),
            ownerEmail,
            project.customerBusinessProblem,
            project.customerUseCase,
            joined(project.salesActivities),
            project.competitorName,
            project.otherCompetitorNames,
            project.otherSolutionDescription,
            joined(project.apnPrograms),
            project.additionalComments,
            project.relatedOpportunityIdentifier,
            project.awsPartition,
            joined(d.primaryNeedsFromAws),
            d.nationalSecurity,
            account.awsAccountId,
            account.duns,
            account.address ? account.address->streetAddress : QString(),
            marketing.source,
            marketing.campaignName,
            marketing.awsFundingUsed,
            revenue.deliveryModel,
            value.amount,
            value.currencyCode,
            revenue.effectiveDate,
            revenue.expirationDate};
}

DetailedListingCommand::DetailedListingCommand(CliOptions options, AwsClient *client,
                                               QIODevice *out, QIODevice *err, QObject *parent)
    : QObject(parent),
      m_options(std::move(options)),
      m_client(client),
      m_out(out),
      m_err(err),
      m_rows(std::make_shared<QList<OpportunitySummary>>())
{ }

DetailedListingCommand::~DetailedListingCommand()
{
    for (GetOpportunityCall *call : m_inFlight.keys()) {
        call->disconnect(this);
        call->abort();
    }
}

void DetailedListingCommand::start()
{
    // The listing writes nothing to `out` itself; its messages (errors, a resume token) go to
    // `err` as usual.
    m_listing = std::make_unique<ListOpportunitiesCommand>(m_options, m_client, m_out, m_err);
    m_listing->setShowProgress(m_showProgress);
    m_listing->setOutput(std::make_unique<Collector>(m_rows));
    connect(m_listing.get(), &ListOpportunitiesCommand::finished, this,
            &DetailedListingCommand::handleListingFinished);
    m_listing->start();
}

void DetailedListingCommand::abort()
{
    m_aborted = true;
    if (m_listing && m_listing->exitCode() < 0) {
        m_listing->abort();
        return;
    }
    for (GetOpportunityCall *call : m_inFlight.keys()) {
        call->abort(); // finishes with Kind::Cancelled
    }
}

void DetailedListingCommand::handleListingFinished(int exitCode)
{
    if (exitCode != int(CliExitCode::Success)) {
        done(exitCode);
        return;
    }
    m_details.resize(m_rows->size());
    for (qsizetype i = 0; i < m_rows->size(); ++i) {
        const OpportunitySummary &summary = m_rows->at(i);
        if (m_store && m_store->isOpen()) {
            if (const std::optional<QByteArray> json
                = m_store->keptDetails(summary.id, summary.lastModifiedDate)) {
                GetOpportunityResponse response;
                QString problem;
                if (GetOpportunityResponse::parse(*json, &response, &problem)) {
                    m_details[i] = std::move(response);
                    ++m_keptUsed;
                    continue;
                }
            }
        }
        m_toFetch.append(i);
    }
    fetchMore();
}

void DetailedListingCommand::fetchMore()
{
    const int limit = std::max(1, m_options.maxConcurrency);
    while (!m_aborted && m_inFlight.size() < limit && m_nextFetch < m_toFetch.size()) {
        const qsizetype index = m_toFetch.at(m_nextFetch++);
        GetOpportunityRequest request;
        request.catalog = m_options.request.catalog;
        request.identifier = m_rows->at(index).id;
        auto *call = new GetOpportunityCall(m_client, request, this);
        m_inFlight.insert(call, index);
        connect(call, &OperationCall::finished, this,
                [this, call, index] { handleCallFinished(call, index); });
        ++m_calls;
        call->start();
    }
    if (m_inFlight.isEmpty() && (m_aborted || m_nextFetch >= m_toFetch.size())) {
        if (m_aborted) {
            done(int(CliExitCode::Interrupted));
            return;
        }
        done(writeOutput() ? int(CliExitCode::Success) : int(CliExitCode::OtherError));
    }
}

void DetailedListingCommand::handleCallFinished(GetOpportunityCall *call, qsizetype index)
{
    m_inFlight.remove(call);
    call->deleteLater();
    const ApiError &error = call->error();
    if (error.kind == ApiError::Kind::ResourceNotFound) {
        // Gone since it was listed: its Details stay empty.
    } else if (error.isError()) {
        if (error.kind != ApiError::Kind::Cancelled && !m_aborted) {
            m_aborted = true;
            m_exitCode = int(ListOpportunitiesCommand::exitCodeFor(error));
            m_err->write((error.toCliText(call->operation()) + u'\n').toUtf8());
            for (GetOpportunityCall *other : m_inFlight.keys()) {
                other->abort();
            }
        }
    } else {
        GetOpportunityResponse response = call->takeResponse();
        const OpportunitySummary &summary = m_rows->at(index);
        if (m_store && m_store->isOpen() && !m_store->isReadOnly()) {
            m_store->keepDetails(summary.id, summary.lastModifiedDate, response.toJson());
        }
        m_details[index] = std::move(response);
    }
    if (m_exitCode >= 0 && m_inFlight.isEmpty()) {
        done(m_exitCode);
        return;
    }
    if (m_exitCode < 0) {
        fetchMore();
    }
}

bool DetailedListingCommand::writeOutput()
{
    if (m_options.output == CliOptions::OutputFormat::Csv) {
        QStringList header;
        for (const OpportunityField field : OpportunityFields::all()) {
            header += OpportunityFields::name(field);
        }
        header += detailColumns();
        CsvWriter csv(m_out);
        csv.setNeutralizeFormulas(!m_options.csvRaw);
        csv.setWriteBom(m_options.csvBom);
        bool ok = csv.writeRow(header);
        const QStringList noDetails(detailColumns().size());
        for (qsizetype i = 0; ok && i < m_rows->size(); ++i) {
            QStringList cells;
            for (const OpportunityField field : OpportunityFields::all()) {
                cells += OpportunityFields::text(m_rows->at(i), field);
            }
            cells += m_details.at(i) ? detailCells(*m_details.at(i)) : noDetails;
            ok = csv.writeRow(cells);
        }
        if (auto *file = qobject_cast<QFileDevice *>(m_out)) {
            file->flush();
        }
        if (!ok) {
            m_err->write((csv.errorString() + u'\n').toUtf8());
        }
        report();
        return ok;
    }
    // JSON: the listing's object, each summary with its Details member last.
    QByteArray bytes = "{\n    \"OpportunitySummaries\": [";
    for (qsizetype i = 0; i < m_rows->size(); ++i) {
        bytes += i == 0 ? "\n        " : ",\n        ";
        QByteArray item;
        m_rows->at(i).appendJson(&item, 4, 2);
        const QByteArray close = "\n        }";
        if (item.endsWith(close)) {
            item.chop(close.size());
            item += ",\n            \"Details\": ";
        } else {
            item = "{\n            \"Details\": "; // a summary without members
        }
        if (m_details.at(i)) {
            JsonWriter json(&item, 4, 3);
            ShapeJson::writeValue(json, *m_details.at(i));
        } else {
            item += "null";
        }
        item += close;
        bytes += item;
    }
    bytes += m_rows->isEmpty() ? "]\n}\n" : "\n    ]\n}\n";
    const bool ok = m_out->write(bytes) == bytes.size();
    if (auto *file = qobject_cast<QFileDevice *>(m_out)) {
        file->flush();
    }
    if (!ok) {
        m_err->write(tr("Could not write the output: %1\n").arg(m_out->errorString()).toUtf8());
    }
    report();
    return ok;
}

void DetailedListingCommand::report()
{
    const QLocale locale;
    m_err->write(tr("Details: %n GetOpportunity call(s) made, %1 taken from the local copy.\n",
                    nullptr, m_calls)
                         .arg(locale.toString(m_keptUsed))
                         .toUtf8());
}

void DetailedListingCommand::done(int exitCode)
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    if (m_exitCode >= 0) {
        exitCode = m_exitCode;
    }
    m_exitCode = exitCode;
    Q_EMIT finished(exitCode);
}

} // namespace Pd::Core
