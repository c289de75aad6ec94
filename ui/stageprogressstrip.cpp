#include "stageprogressstrip.h"

#include "opportunitytext.h"

#include <QPainter>
#include <QPainterPath>

using namespace Qt::StringLiterals;
using Pd::Core::OpportunityText;

namespace Pd::Gui {

namespace {
constexpr int OpenStages = 6; ///< Prospect … Launched; Closed Lost is index 6
constexpr int ClosedLostIndex = 6;
} // namespace

StageProgressStrip::StageProgressStrip(QWidget *parent) : QWidget(parent)
{
    setObjectName(u"stageProgress"_s);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setAccessibleName(tr("Stage progress"));
}

void StageProgressStrip::setStage(const QString &stage)
{
    m_stage = stage;
    const int index = OpportunityText::stageIndex(stage);
    if (index == ClosedLostIndex) {
        setAccessibleDescription(tr("Closed lost"));
    } else if (index >= 0) {
        setAccessibleDescription(tr("Stage %1 of %2: %3")
                                         .arg(index + 1)
                                         .arg(OpenStages)
                                         .arg(OpportunityText::stageLabel(stage)));
    } else {
        setAccessibleDescription(stage.isEmpty() ? tr("No stage") : stage);
    }
    QStringList names;
    for (const QString &name : {u"Prospect"_s, u"Qualified"_s, u"Technical Validation"_s,
                                u"Business Validation"_s, u"Committed"_s, u"Launched"_s}) {
        names += OpportunityText::stageLabel(name);
    }
    setToolTip(names.join(u" › "_s));
    update();
}

QSize StageProgressStrip::sizeHint() const
{
    return {240, fontMetrics().height() / 2 + 6};
}

QSize StageProgressStrip::minimumSizeHint() const
{
    return {OpenStages * 12, fontMetrics().height() / 2 + 6};
}

void StageProgressStrip::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const int index = OpportunityText::stageIndex(m_stage);
    const bool lost = index == ClosedLostIndex;
    const QColor done(0x2e, 0x7d, 0x32);
    const QColor current(0x66, 0xbb, 0x6a);
    const QColor closed(0xe5, 0x73, 0x73);
    const QColor todo(0xcf, 0xd4, 0xda);

    const int gap = 3;
    const int height = this->height() - 4;
    const qreal width = (this->width() - gap * (OpenStages - 1)) / qreal(OpenStages);
    for (int i = 0; i < OpenStages; ++i) {
        QColor color = todo;
        if (lost) {
            color = closed;
        } else if (index >= 0 && i < index) {
            color = done;
        } else if (i == index) {
            color = current;
        }
        QPainterPath path;
        path.addRoundedRect(QRectF(i * (width + gap), 2, width, height), 3, 3);
        painter.fillPath(path, color);
    }
}

} // namespace Pd::Gui
