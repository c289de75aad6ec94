#include "chartexport.h"

#include <QChart>
#include <QChartView>
#include <QClipboard>
#include <QFile>
#include <QGuiApplication>
#include <QPainter>
#include <QSvgGenerator>

namespace Pd::Gui {

QImage ChartExport::toImage(QChartView *view)
{
    const qreal ratio = view->devicePixelRatioF();
    QImage image(view->size() * ratio, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(ratio);
    image.fill(view->chart()->backgroundBrush().color());
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    view->render(&painter);
    return image;
}

bool ChartExport::savePng(QChartView *view, const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = tr("Could not write %1: %2").arg(path, file.errorString());
        return false;
    }
    if (!toImage(view).save(&file, "PNG")) {
        *error = tr("Could not write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool ChartExport::saveSvg(QChartView *view, const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = tr("Could not write %1: %2").arg(path, file.errorString());
        return false;
    }
    QSvgGenerator generator;
    generator.setOutputDevice(&file);
    generator.setSize(view->size());
    generator.setViewBox(QRect(QPoint(0, 0), view->size()));
    generator.setTitle(view->chart()->title());
    generator.setDescription(view->accessibleName());
    QPainter painter(&generator);
    painter.fillRect(QRect(QPoint(0, 0), view->size()), view->chart()->backgroundBrush());
    view->render(&painter);
    painter.end();
    if (file.error() != QFileDevice::NoError) {
        *error = tr("Could not write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void ChartExport::copyToClipboard(QChartView *view)
{
    QGuiApplication::clipboard()->setImage(toImage(view));
}

} // namespace Pd::Gui
