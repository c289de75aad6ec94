#pragma once

#include <QByteArray>
#include <QList>

namespace Pd::Core {

/// One header field exactly as it goes on, or came off, the wire.
struct HttpHeader
{
    QByteArray name;
    QByteArray value;
    friend bool operator==(const HttpHeader &, const HttpHeader &) = default;
};
/// In order; repeated names allowed.
using HttpHeaders = QList<HttpHeader>;

} // namespace Pd::Core
