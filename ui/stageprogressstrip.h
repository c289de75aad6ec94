#pragma once

#include <QWidget>

namespace Pd::Gui {

/// A row of segments for the lifecycle stages Prospect … Launched, filled up to the current
/// stage. "Closed Lost" greys the strip and marks it red; an unknown stage leaves it empty.
class StageProgressStrip final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StageProgressStrip)

public:
    explicit StageProgressStrip(QWidget *parent = nullptr);

    /// The API value of the current stage ("Technical Validation"); empty for none.
    void setStage(const QString &stage);
    QString stage() const { return m_stage; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_stage;
};

} // namespace Pd::Gui
