#pragma once

#include <QCoreApplication>
#include <QImage>
#include <QString>

class QChartView;

namespace Pd::Gui {

/// A chart as a picture: PNG (at the screen's device pixel ratio), SVG (vector, through
/// QSvgGenerator) or an image on the clipboard. The chart is drawn as it is shown, in the
/// window's palette.
class ChartExport final
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Gui::ChartExport)

public:
    static QImage toImage(QChartView *view);
    /// False with `*error` set when the file cannot be written.
    static bool savePng(QChartView *view, const QString &path, QString *error);
    static bool saveSvg(QChartView *view, const QString &path, QString *error);
    static void copyToClipboard(QChartView *view);
};

} // namespace Pd::Gui
