#include "attentionview.h"
#include "opportunitymodel.h"
#include "pipelineselection.h"

#include <QDateTime>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using Pd::Core::AttentionCounts;
using Pd::Core::AttentionView;
using Pd::Core::OpportunityModel;
using Pd::Core::OpportunitySummary;
using Pd::Core::PipelineSelection;
using Kind = AttentionView::Kind;

namespace {

/// A Thursday in the middle of the second quarter.
const QDate Today(2026, 5, 14);

OpportunitySummary row(const QString &id, const QString &stage, const QString &reviewStatus,
                       const QString &closeDate, const QDate &modified)
{
    OpportunitySummary s;
    s.id = id;
    s.catalog = u"AWS"_s;
    s.stage = stage;
    s.reviewStatus = reviewStatus;
    s.targetCloseDate = closeDate;
    if (modified.isValid()) {
        s.lastModifiedDateMs = QDateTime(modified, QTime(23, 59), Qt::UTC).toMSecsSinceEpoch();
    }
    return s;
}

/// Each row sits on an edge of one or more views.
QList<OpportunitySummary> dataset()
{
    return {
            row(u"O1"_s, u"Qualified"_s, u"Action Required"_s, u"2026-05-20"_s, Today),
            row(u"O2"_s, u"Prospect"_s, u"Rejected"_s, u"2026-05-13"_s, Today.addDays(-31)),
            row(u"O3"_s, u"Launched"_s, u"Approved"_s, u"2026-04-01"_s, Today.addDays(-30)),
            row(u"O4"_s, u"Qualified"_s, u"Approved"_s, u"2026-06-30"_s, Today.addDays(-1)),
            row(u"O5"_s, u"Closed Lost"_s, u"Approved"_s, u"2026-05-20"_s, Today.addDays(-200)),
            row(u"O6"_s, u"Qualified"_s, QString(), u"2026-07-01"_s, QDate()),
            row(u"O7"_s, u"Technical Validation"_s, u"Submitted"_s, u"2026-05-14"_s, Today),
            row(u"O8"_s, u"Committed"_s, u"Action Required"_s, u"2026-05-31"_s, Today.addDays(-90)),
            row(u"O9"_s, u"Qualified"_s, u"Approved"_s, QString(), Today.addDays(5)),
            row(u"O10"_s, u"Business Validation"_s, u"Approved"_s, u"2026-03-31"_s, Today),
    };
}

const QSet<QString> Unseen{u"O4"_s, u"O9"_s, u"O99"_s};

QStringList matching(Kind kind, const QDate &today = Today)
{
    QStringList ids;
    for (const OpportunitySummary &s : dataset()) {
        if (AttentionView::matches(kind, s, today, Unseen)) {
            ids.append(s.id);
        }
    }
    return ids;
}

} // namespace

class tst_AttentionView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eachView_data();
    void eachView();
    void quarterEdges();
    void keysRoundTrip();
    void selectionMatchesLikeTheView();
    void countsOverModelRows();
};

void tst_AttentionView::eachView_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("action required") << Kind::ActionRequired << QStringList{u"O1"_s, u"O8"_s};
    // Before today and open: O2 (yesterday) and O10; Launched O3 and Closed Lost never.
    QTest::newRow("overdue") << Kind::Overdue << QStringList{u"O2"_s, u"O10"_s};
    // From today (O7) to May 31 (O8), open only (not O5).
    QTest::newRow("closing this month")
            << Kind::ClosingThisMonth << QStringList{u"O1"_s, u"O7"_s, u"O8"_s};
    QTest::newRow("closing this quarter")
            << Kind::ClosingThisQuarter << QStringList{u"O1"_s, u"O4"_s, u"O7"_s, u"O8"_s};
    // More than 30 days: O2 (31), O5 (200), O8 (90); O3 at exactly 30 is not; O6 has no date.
    QTest::newRow("no update in 30 days") << Kind::Stale << QStringList{u"O2"_s, u"O5"_s, u"O8"_s};
    QTest::newRow("changed since I last looked") << Kind::Changed << QStringList{u"O4"_s, u"O9"_s};
    QTest::newRow("rejected") << Kind::Rejected << QStringList{u"O2"_s};
}

void tst_AttentionView::eachView()
{
    QFETCH(Kind, kind);
    QFETCH(QStringList, expected);
    QCOMPARE(matching(kind), expected);
}

void tst_AttentionView::quarterEdges()
{
    // On the last day of a quarter only that day is left; the next day starts a new quarter.
    QCOMPARE(matching(Kind::ClosingThisQuarter, QDate(2026, 3, 31)), QStringList{u"O10"_s});
    QCOMPARE(matching(Kind::ClosingThisQuarter, QDate(2026, 7, 1)), QStringList{u"O6"_s});
    QCOMPARE(matching(Kind::ClosingThisMonth, QDate(2026, 6, 30)), QStringList{u"O4"_s});
}

void tst_AttentionView::keysRoundTrip()
{
    QCOMPARE(AttentionView::kinds().size(), AttentionView::KindCount);
    QSet<QString> keys;
    for (const Kind kind : AttentionView::kinds()) {
        QCOMPARE(AttentionView::fromKey(AttentionView::key(kind)), std::optional<Kind>(kind));
        QVERIFY(!AttentionView::title(kind).isEmpty());
        QVERIFY(!AttentionView::description(kind).isEmpty());
        keys.insert(AttentionView::key(kind));
    }
    QCOMPARE(keys.size(), AttentionView::KindCount);
    QVERIFY(!AttentionView::fromKey(u"Overdue"_s));
}

void tst_AttentionView::selectionMatchesLikeTheView()
{
    for (const Kind kind : AttentionView::kinds()) {
        const PipelineSelection selection = PipelineSelection::attention(kind);
        QCOMPARE(selection.kind, PipelineSelection::Kind::Attention);
        QCOMPARE(selection.attentionView(), std::optional<Kind>(kind));
        for (const OpportunitySummary &s : dataset()) {
            QCOMPARE(selection.matches(s, Today, Unseen),
                     AttentionView::matches(kind, s, Today, Unseen));
        }
    }
}

void tst_AttentionView::countsOverModelRows()
{
    OpportunityModel model;
    model.showLocalRows({}, QDateTime::currentDateTimeUtc());
    model.upsert(dataset());
    QCOMPARE(model.rowCount(), 10);

    AttentionCounts counts(Today);
    counts.addRows(model, 4, Unseen);
    QCOMPARE(counts.countedRows(), 4);
    counts.addRows(model, model.rowCount(), Unseen);
    QCOMPARE(counts.countedRows(), 10);
    for (const Kind kind : AttentionView::kinds()) {
        QCOMPARE(counts.count(kind), qint64(matching(kind).size()));
    }
    // Without unseen Ids, Changed counts nothing.
    AttentionCounts none(Today);
    none.addRows(model, model.rowCount(), {});
    QCOMPARE(none.count(Kind::Changed), 0);
    QCOMPARE(none.count(Kind::Overdue), 2);
}

QTEST_GUILESS_MAIN(tst_AttentionView)
#include "tst_attentionview.moc"
