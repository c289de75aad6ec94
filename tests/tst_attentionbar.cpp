#include "attentionbar.h"
#include "opportunitymodel.h"

#include <QDateTime>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
using Pd::Core::AttentionView;
using Pd::Core::OpportunityModel;
using Pd::Core::OpportunitySummary;
using Pd::Gui::AttentionBar;
using Kind = AttentionView::Kind;

namespace {

OpportunitySummary row(int number, const QString &reviewStatus)
{
    OpportunitySummary s;
    s.id = u"O%1"_s.arg(number);
    s.catalog = u"AWS"_s;
    s.stage = u"Qualified"_s;
    s.reviewStatus = reviewStatus;
    return s;
}

QList<OpportunitySummary> rows(int first, int count, const QString &reviewStatus)
{
    QList<OpportunitySummary> out;
    for (int i = first; i < first + count; ++i) {
        out.append(row(i, reviewStatus));
    }
    return out;
}

QString countText(AttentionBar *bar, Kind kind)
{
    return bar->button(kind)->text().section(u"  "_s, 1);
}

} // namespace

class tst_AttentionBar : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
    void countsInSlicesAsRowsArrive();
    void changedRowsKeepTheLastCountsUntilCounted();
    void changedNeedsTheLocalCopy();
    void activeView();
};

void tst_AttentionBar::countsInSlicesAsRowsArrive()
{
    OpportunityModel model;
    model.showLocalRows({}, QDateTime::currentDateTimeUtc());
    AttentionBar bar;
    bar.setModel(&model);
    model.upsert(rows(1, 10010, u"Rejected"_s));
    // Nothing is counted inside the change itself: the slices come on later turns.
    QCOMPARE(bar.counts().countedRows(), 0);
    QVERIFY(!bar.isUpToDate());
    // Slice by slice.
    QTRY_VERIFY(bar.counts().countedRows() > 0);
    QVERIFY(bar.counts().countedRows() % AttentionBar::SliceRows == 0 || bar.isUpToDate());
    QTRY_VERIFY(bar.isUpToDate());
    QCOMPARE(bar.counts().count(Kind::Rejected), 10010);
    QCOMPARE(countText(&bar, Kind::Rejected), u"10,010"_s);
    QCOMPARE(countText(&bar, Kind::ActionRequired), u"0"_s);
    QCOMPARE(bar.button(Kind::Rejected)->accessibleName(), u"Rejected: 10010 opportunities"_s);
}

void tst_AttentionBar::changedRowsKeepTheLastCountsUntilCounted()
{
    OpportunityModel model;
    model.showLocalRows({}, QDateTime::currentDateTimeUtc());
    AttentionBar bar;
    bar.setModel(&model);
    model.upsert(rows(1, 30, u"Rejected"_s));
    QTRY_VERIFY(bar.isUpToDate());
    QCOMPARE(countText(&bar, Kind::Rejected), u"30"_s);
    // Five rows become Action Required in place.
    model.upsert(rows(1, 5, u"Action Required"_s));
    QVERIFY(!bar.isUpToDate());
    QCOMPARE(countText(&bar, Kind::Rejected), u"30"_s);
    QTRY_COMPARE(countText(&bar, Kind::Rejected), u"25"_s);
    QCOMPARE(countText(&bar, Kind::ActionRequired), u"5"_s);
}

void tst_AttentionBar::changedNeedsTheLocalCopy()
{
    OpportunityModel model;
    model.showLocalRows({}, QDateTime::currentDateTimeUtc());
    AttentionBar bar;
    bar.setModel(&model);
    model.upsert(rows(1, 10, u"Approved"_s));
    QTRY_VERIFY(bar.isUpToDate());
    QToolButton *changed = bar.button(Kind::Changed);
    QVERIFY(!changed->isEnabled());
    QVERIFY(changed->toolTip().contains(u"Local Copy"_s));
    bar.setChangesAvailable(true);
    QVERIFY(changed->isEnabled());
    QCOMPARE(countText(&bar, Kind::Changed), u"0"_s);
    model.setUnseenIds({u"O2"_s, u"O3"_s, u"O77"_s});
    QTRY_COMPARE(countText(&bar, Kind::Changed), u"2"_s);
}

void tst_AttentionBar::activeView()
{
    AttentionBar bar;
    QSignalSpy activated(&bar, &AttentionBar::viewActivated);
    bar.button(Kind::Overdue)->click();
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.at(0).at(0).value<Kind>(), Kind::Overdue);
    bar.setActiveView(Kind::Stale);
    QVERIFY(bar.button(Kind::Stale)->isChecked());
    QVERIFY(!bar.button(Kind::Overdue)->isChecked());
    bar.setActiveView(std::nullopt);
    QVERIFY(!bar.button(Kind::Stale)->isChecked());
}

QTEST_MAIN(tst_AttentionBar)
#include "tst_attentionbar.moc"
