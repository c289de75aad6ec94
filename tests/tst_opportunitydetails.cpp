// The emulator's GetOpportunity and GetAwsOpportunitySummary answers: consistent with the
// listed summary, deterministic per (seed, Catalog, Id, LastModifiedDate), every member of the
// model filled somewhere, the awkward titles a client must show and export, the next-steps
// history in time order ending with the current NextSteps, some opportunities without an AWS
// summary, and the request handling (validation, not found).
#include "datasetgenerator.h"
#include "opportunitydetails.h"
#include "opportunitystore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Pd::Core;
using namespace Pd::Emulator;

namespace {

constexpr int Count = 1500;

/// Every member path of a model shape ("Customer.Account.Duns", lists as "[]").
void modelPaths(const QJsonObject &shapes, const QString &shape, const QString &prefix,
                QSet<QString> *paths)
{
    const QJsonObject s = shapes.value(shape).toObject();
    const QString type = s.value("type"_L1).toString();
    if (type == "structure"_L1) {
        const QJsonObject members = s.value("members"_L1).toObject();
        for (auto it = members.begin(); it != members.end(); ++it) {
            const QString path = prefix.isEmpty() ? it.key() : prefix + u'.' + it.key();
            paths->insert(path);
            modelPaths(shapes, it.value().toObject().value("shape"_L1).toString(), path, paths);
        }
    } else if (type == "list"_L1) {
        modelPaths(shapes, s.value("member"_L1).toObject().value("shape"_L1).toString(),
                   prefix + u"[]"_s, paths);
    }
}

void jsonPaths(const QJsonValue &value, const QString &prefix, QSet<QString> *paths)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString path = prefix.isEmpty() ? it.key() : prefix + u'.' + it.key();
            paths->insert(path);
            jsonPaths(it.value(), path, paths);
        }
    } else if (value.isArray()) {
        for (const QJsonValue item : value.toArray()) {
            jsonPaths(item, prefix + u"[]"_s, paths);
        }
    }
}

QSet<QString> modelPaths(const QString &shape)
{
    QFile file(QStringLiteral(PD_SHARED_DIR "/reference/api/botocore/2022-07-26/service-2.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    QSet<QString> paths;
    modelPaths(QJsonDocument::fromJson(file.readAll()).object().value("shapes"_L1).toObject(),
               shape, QString(), &paths);
    // A map's keys are data, not members.
    return paths;
}

QSet<QString> pathsOf(const QByteArray &json)
{
    QSet<QString> paths;
    jsonPaths(QJsonDocument::fromJson(json).object(), QString(), &paths);
    return paths;
}

} // namespace

class tst_OpportunityDetails final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void details_matchTheSummary();
    void details_areDeterministicPerIdAndLastModifiedDate();
    void nextStepsHistory_inTimeOrderEndingWithNextSteps();
    void everyMemberOfTheModel_isFilledSomewhere();
    void titles_includeTheAwkwardOnes();
    void someOpportunities_haveNoAwsSummary();
    void answer_validatesAndFindsTheOpportunity();

private:
    const DatasetGenerator m_generator{7, u"us-east-1"_s, u"123456789012"_s};
    const OpportunityDetails m_details{7, u"us-east-1"_s, u"123456789012"_s};
};

void tst_OpportunityDetails::details_matchTheSummary()
{
    for (int i = 0; i < 300; ++i) {
        const OpportunitySummary s = m_generator.summary(u"AWS"_s, i);
        const GetOpportunityResponse d = m_details.opportunity(s);
        QCOMPARE(d.catalog, s.catalog);
        QCOMPARE(d.id, s.id);
        QCOMPARE(d.arn, s.arn);
        QCOMPARE(d.lastModifiedDate, s.lastModifiedDate);
        QCOMPARE(d.createdDate, s.createdDate);
        QCOMPARE(d.opportunityType, s.opportunityType);
        QCOMPARE(d.partnerOpportunityIdentifier, s.partnerOpportunityIdentifier);
        QVERIFY(d.relatedEntityIdentifiers); // required by the model
        QCOMPARE(d.lifeCycle.has_value(), s.hasLifeCycle);
        if (d.lifeCycle) {
            QCOMPARE(d.lifeCycle->stage, s.stage);
            QCOMPARE(d.lifeCycle->closedLostReason, s.closedLostReason);
            QCOMPARE(d.lifeCycle->nextSteps, s.nextSteps);
            QCOMPARE(d.lifeCycle->targetCloseDate, s.targetCloseDate);
            QCOMPARE(d.lifeCycle->reviewStatus, s.reviewStatus);
            QCOMPARE(d.lifeCycle->reviewComments, s.reviewComments);
            QCOMPARE(d.lifeCycle->reviewStatusReason, s.reviewStatusReason);
        }
        const bool account = d.customer && d.customer->account;
        QCOMPARE(account, s.hasAccount);
        if (account) {
            const Shapes::Account &a = *d.customer->account;
            QCOMPARE(a.companyName, s.companyName);
            QCOMPARE(a.industry, s.industry);
            QCOMPARE(a.otherIndustry, s.otherIndustry);
            QCOMPARE(a.websiteUrl, s.websiteUrl);
            QCOMPARE(a.address.has_value(), s.hasAddress);
            if (a.address) {
                QCOMPARE(a.address->city, s.city);
                QCOMPARE(a.address->postalCode, s.postalCode);
                QCOMPARE(a.address->stateOrRegion, s.stateOrRegion);
                QCOMPARE(a.address->countryCode, s.countryCode);
            }
        }
        QVERIFY(d.project);
        QCOMPARE(d.project->deliveryModels.has_value(), s.hasDeliveryModels);
        if (s.hasDeliveryModels) {
            QCOMPARE(*d.project->deliveryModels, s.deliveryModels);
        }
        QCOMPARE(d.project->expectedCustomerSpend.has_value(), s.hasExpectedCustomerSpend);
        if (s.hasExpectedCustomerSpend) {
            QCOMPARE(d.project->expectedCustomerSpend->size(), s.expectedCustomerSpend.size());
            for (qsizetype k = 0; k < s.expectedCustomerSpend.size(); ++k) {
                QCOMPARE(d.project->expectedCustomerSpend->at(k).amount,
                         s.expectedCustomerSpend.at(k).amount);
            }
        }
        QCOMPARE(d.project->expectedContractDuration.has_value(), s.hasExpectedContractDuration);

        if (const auto aws = m_details.awsSummary(s)) {
            QCOMPARE(aws->relatedOpportunityId, s.id);
            QCOMPARE(aws->catalog, s.catalog);
            QCOMPARE(aws->lifeCycle->targetCloseDate, s.targetCloseDate);
        }
    }
}

void tst_OpportunityDetails::details_areDeterministicPerIdAndLastModifiedDate()
{
    const OpportunityDetails same(7, u"us-east-1"_s, u"123456789012"_s);
    const OpportunityDetails otherSeed(8, u"us-east-1"_s, u"123456789012"_s);
    int changed = 0;
    for (int i = 0; i < 50; ++i) {
        const OpportunitySummary s = m_generator.summary(u"AWS"_s, i);
        QCOMPARE(same.opportunity(s), m_details.opportunity(s));
        QCOMPARE(same.awsSummary(s), m_details.awsSummary(s));
        QCOMPARE(same.opportunity(s).toJson(), m_details.opportunity(s).toJson());

        // A modification changes the details; the title and the people stay.
        OpportunitySummary modified = s;
        modified.lastModifiedDate = u"2026-08-01T10:00:00Z"_s;
        modified.lastModifiedDateMs
                = QDateTime(QDate(2026, 8, 1), QTime(10, 0), Qt::UTC).toMSecsSinceEpoch();
        const GetOpportunityResponse before = m_details.opportunity(s);
        const GetOpportunityResponse after = m_details.opportunity(modified);
        QCOMPARE(after.project->title, before.project->title);
        QCOMPARE(after.opportunityTeam, before.opportunityTeam);
        changed += after.toJson() != before.toJson() ? 1 : 0;
        if (otherSeed.opportunity(s).project->title != before.project->title) {
            ++changed;
        }
    }
    QVERIFY(changed > 50);
}

void tst_OpportunityDetails::nextStepsHistory_inTimeOrderEndingWithNextSteps()
{
    int histories = 0;
    for (int i = 0; i < Count; ++i) {
        const OpportunitySummary s = m_generator.summary(u"AWS"_s, i);
        const GetOpportunityResponse d = m_details.opportunity(s);
        if (!d.lifeCycle || !d.lifeCycle->nextStepsHistory) {
            QVERIFY(s.nextSteps.isNull() || !s.hasLifeCycle);
            continue;
        }
        ++histories;
        const QList<Shapes::NextStepsHistory> &history = *d.lifeCycle->nextStepsHistory;
        QVERIFY(!history.isEmpty());
        QCOMPARE(history.back().value, s.nextSteps);
        QCOMPARE(Model::parseDateTime(history.back().time).toMSecsSinceEpoch(),
                 s.lastModifiedDateMs);
        qint64 previous = std::numeric_limits<qint64>::min();
        for (const Shapes::NextStepsHistory &entry : history) {
            const QDateTime time = Model::parseDateTime(entry.time);
            QVERIFY2(time.isValid(), qPrintable(entry.time));
            QVERIFY(time.toMSecsSinceEpoch() >= previous);
            previous = time.toMSecsSinceEpoch();
            if (s.createdDateMs != OpportunitySummary::NoTime) {
                QVERIFY(previous >= s.createdDateMs);
            }
        }
        if (const auto aws = m_details.awsSummary(s); aws && aws->lifeCycle->nextStepsHistory) {
            QCOMPARE(aws->lifeCycle->nextStepsHistory->back().value, aws->lifeCycle->nextSteps);
        }
    }
    QVERIFY(histories > Count / 2);
}

void tst_OpportunityDetails::everyMemberOfTheModel_isFilledSomewhere()
{
    QSet<QString> opportunity;
    QSet<QString> summary;
    for (int i = 0; i < Count; ++i) {
        const OpportunitySummary s = m_generator.summary(u"AWS"_s, i);
        opportunity += pathsOf(m_details.opportunity(s).toJson());
        if (const auto aws = m_details.awsSummary(s)) {
            summary += pathsOf(aws->toJson());
        }
    }
    const QSet<QString> opportunityModel = modelPaths(u"GetOpportunityResponse"_s);
    const QSet<QString> summaryModel = modelPaths(u"GetAwsOpportunitySummaryResponse"_s);
    QVERIFY(opportunityModel.size() > 60);
    QVERIFY(summaryModel.size() > 50);
    const auto missing = [](const QSet<QString> &model, QSet<QString> seen) {
        QStringList list;
        for (const QString &path : model) {
            if (!seen.contains(path)) {
                list.append(path);
            }
        }
        list.sort();
        return list.join(u", "_s);
    };
    QCOMPARE(missing(opportunityModel, opportunity), QString());
    QCOMPARE(missing(summaryModel, summary), QString());
}

void tst_OpportunityDetails::titles_includeTheAwkwardOnes()
{
    bool formula = false, exactly255 = false, cjk = false, rtl = false, emoji = false,
         lineBreak = false;
    for (int i = 0; i < 300; ++i) {
        const QString title
                = m_details.opportunity(m_generator.summary(u"AWS"_s, i)).project->title;
        QVERIFY(title.size() <= 255);
        formula = formula || title.startsWith(u'=');
        exactly255 = exactly255 || title.size() == 255;
        lineBreak = lineBreak || title.contains(u'\n');
        for (const QChar c : title) {
            cjk = cjk || (c.unicode() >= 0x3040 && c.unicode() <= 0x9fff);
            rtl = rtl || c.direction() == QChar::DirR || c.direction() == QChar::DirAL;
            emoji = emoji || c.isHighSurrogate();
        }
    }
    QVERIFY(formula);
    QVERIFY(exactly255);
    QVERIFY(cjk);
    QVERIFY(rtl);
    QVERIFY(emoji);
    QVERIFY(lineBreak);
}

void tst_OpportunityDetails::someOpportunities_haveNoAwsSummary()
{
    int without = 0;
    for (int i = 0; i < Count; ++i) {
        without += m_details.awsSummary(m_generator.summary(u"AWS"_s, i)) ? 0 : 1;
    }
    QVERIFY2(without > Count / 10 && without < Count * 3 / 10,
             qPrintable(QString::number(without)));
}

void tst_OpportunityDetails::answer_validatesAndFindsTheOpportunity()
{
    OpportunityStore store;
    for (int i = 0; i < 20; ++i) {
        store.add(m_generator.summary(u"AWS"_s, i));
    }
    store.add(m_generator.summary(u"Sandbox"_s, 0));
    const OpportunitySummary first = m_generator.summary(u"AWS"_s, 3);

    QVERIFY(OpportunityDetails::operationFor("AWSPartnerCentralSelling.GetOpportunity").size());
    QVERIFY(OpportunityDetails::operationFor("AWSPartnerCentralSelling.ListOpportunities")
                    .isEmpty());
    QVERIFY(OpportunityDetails::operationFor("GetOpportunity").isEmpty());

    OpportunityDetails::Answer answer = m_details.answer(
            u"GetOpportunity"_s, GetOpportunityRequest{u"AWS"_s, first.id}.toJson(), store);
    QVERIFY(!answer.error);
    QCOMPARE(answer.body, m_details.opportunity(first).toJson());

    answer = m_details.answer(u"GetOpportunity"_s, R"({"Catalog":"AWS"})"_ba, store);
    QVERIFY(answer.error);
    QCOMPARE(answer.error->name(), u"ValidationException"_s);
    QCOMPARE(answer.error->fieldErrors.front().fieldName, u"Identifier"_s);

    answer = m_details.answer(u"GetAwsOpportunitySummary"_s,
                              R"({"Catalog":"AWS","RelatedOpportunityIdentifier":7})"_ba, store);
    QVERIFY(answer.error);
    QCOMPARE(answer.error->name(), u"ValidationException"_s);

    // The same id in another catalog is another opportunity.
    const QString sandboxId = m_generator.summary(u"Sandbox"_s, 0).id;
    answer = m_details.answer(u"GetOpportunity"_s,
                              GetOpportunityRequest{u"Sandbox"_s, sandboxId}.toJson(), store);
    QVERIFY(!answer.error);
    answer = m_details.answer(u"GetOpportunity"_s,
                              GetOpportunityRequest{u"Sandbox"_s, first.id}.toJson(), store);
    QVERIFY(answer.error);
    QCOMPARE(answer.error->name(), u"ResourceNotFoundException"_s);
    QCOMPARE(answer.error->httpStatus, 404);
}

QTEST_GUILESS_MAIN(tst_OpportunityDetails)
#include "tst_opportunitydetails.moc"
