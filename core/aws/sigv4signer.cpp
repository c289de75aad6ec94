#include "sigv4signer.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace Pd::Core {

namespace {

constexpr auto Algorithm = "AWS4-HMAC-SHA256";
constexpr auto Terminator = "aws4_request";

bool isUnreserved(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
           || c == '.' || c == '_' || c == '~';
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/// RFC 3986 percent-encoding of everything but the unreserved set (and '/' when keepSlash).
QByteArray uriEncode(const QByteArray &data, bool keepSlash)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    QByteArray out;
    out.reserve(data.size() * 3);
    for (const char c : data) {
        if (isUnreserved(c) || (keepSlash && c == '/')) {
            out.append(c);
        } else {
            const auto u = static_cast<unsigned char>(c);
            out.append('%');
            out.append(hex[u >> 4]);
            out.append(hex[u & 0xF]);
        }
    }
    return out;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/// Decodes valid %XX sequences only; a stray '%' stays literal (and is re-encoded as %25).
QByteArray percentDecode(const QByteArray &data)
{
    QByteArray out;
    out.reserve(data.size());
    for (qsizetype i = 0; i < data.size(); ++i) {
        if (data.at(i) == '%' && i + 2 < data.size()) {
            const int hi = hexValue(data.at(i + 1));
            const int lo = hexValue(data.at(i + 2));
            if (hi >= 0 && lo >= 0) {
                out.append(static_cast<char>(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        out.append(data.at(i));
    }
    return out;
}

/// Removes empty and "." segments and resolves "..", keeping a trailing '/' when the input
/// had one and something is left (botocore's and aws-c-auth's behaviour).
QByteArray normalizedPath(const QByteArray &path)
{
    QList<QByteArray> kept;
    for (const QByteArray &segment : path.split('/')) {
        if (segment.isEmpty() || segment == ".") {
            continue;
        }
        if (segment == "..") {
            if (!kept.isEmpty()) {
                kept.removeLast();
            }
            continue;
        }
        kept.append(segment);
    }
    QByteArray out = '/' + kept.join('/');
    if (!kept.isEmpty() && path.endsWith('/')) {
        out.append('/');
    }
    return out;
}

QByteArray canonicalPath(const QByteArray &path, bool normalize)
{
    const QByteArray source = normalize ? normalizedPath(path) : path;
    if (source.isEmpty()) {
        return "/"_ba;
    }
    return uriEncode(source, true);
}

using QueryPair = std::pair<QByteArray, QByteArray>;

/// Splits a raw query into encoded pairs: each key and value is percent-decoded, then
/// encoded canonically, so raw UTF-8 and already-encoded input end up identical.
QList<QueryPair> canonicalQueryPairs(const QByteArray &query)
{
    QList<QueryPair> pairs;
    for (const QByteArray &part : query.split('&')) {
        if (part.isEmpty()) {
            continue;
        }
        const qsizetype eq = part.indexOf('=');
        const QByteArray key = eq < 0 ? part : part.left(eq);
        const QByteArray value = eq < 0 ? QByteArray() : part.mid(eq + 1);
        pairs.append(
                {uriEncode(percentDecode(key), false), uriEncode(percentDecode(value), false)});
    }
    return pairs;
}

QByteArray joinQuery(QList<QueryPair> pairs)
{
    std::sort(pairs.begin(), pairs.end());
    QByteArray out;
    for (const auto &[key, value] : std::as_const(pairs)) {
        if (!out.isEmpty()) {
            out.append('&');
        }
        out.append(key).append('=').append(value);
    }
    return out;
}

/// Trims and collapses every run of whitespace (including folded-line breaks) to one space.
QByteArray canonicalHeaderValue(const QByteArray &value)
{
    QByteArray out;
    out.reserve(value.size());
    bool pendingSpace = false;
    for (const char c : value) {
        if (isSpace(c)) {
            pendingSpace = !out.isEmpty();
            continue;
        }
        if (pendingSpace) {
            out.append(' ');
            pendingSpace = false;
        }
        out.append(c);
    }
    return out;
}

/// Headers that proxies and HTTP stacks add, drop or rewrite; the AWS SDKs never sign them.
bool isUnsignable(const QByteArray &lowerName)
{
    static const QByteArray names[]
            = {"authorization"_ba, "user-agent"_ba, "x-amzn-trace-id"_ba,  "expect"_ba,
               "connection"_ba,    "keep-alive"_ba, "transfer-encoding"_ba};
    return std::find(std::begin(names), std::end(names), lowerName) != std::end(names);
}

struct CanonicalHeaders
{
    QByteArray canonical; ///< "name:value\n" lines
    QByteArray signedNames; ///< "a;b;c"
};

CanonicalHeaders canonicalHeaders(const HttpHeaders &headers)
{
    QList<QueryPair> entries; // lower-case name, canonical value; stable order per name
    for (const HttpHeader &header : headers) {
        const QByteArray name = header.name.trimmed().toLower();
        if (name.isEmpty() || isUnsignable(name)) {
            continue;
        }
        entries.append({name, canonicalHeaderValue(header.value)});
    }
    std::stable_sort(entries.begin(), entries.end(),
                     [](const QueryPair &a, const QueryPair &b) { return a.first < b.first; });
    CanonicalHeaders out;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QByteArray &name = entries.at(i).first;
        if (i > 0 && entries.at(i - 1).first == name) {
            out.canonical.append(',').append(entries.at(i).second);
            continue;
        }
        if (i > 0) {
            out.canonical.append('\n');
            out.signedNames.append(';');
        }
        out.canonical.append(name).append(':').append(entries.at(i).second);
        out.signedNames.append(name);
    }
    if (!entries.isEmpty()) {
        out.canonical.append('\n');
    }
    return out;
}

const HttpHeader *findHeader(const HttpHeaders &headers, QByteArrayView lowerName)
{
    for (const HttpHeader &header : headers) {
        if (header.name.trimmed().compare(lowerName, Qt::CaseInsensitive) == 0) {
            return &header;
        }
    }
    return nullptr;
}

QByteArray hmac(const QByteArray &key, const QByteArray &message)
{
    return QMessageAuthenticationCode::hash(message, key, QCryptographicHash::Sha256);
}

QByteArray signingKey(const AwsCredentials &credentials, const QByteArray &scopeDate,
                      const QString &region, const QString &service)
{
    QByteArray key = "AWS4"_ba + credentials.secretAccessKey.toUtf8();
    key = hmac(key, scopeDate);
    key = hmac(key, region.toUtf8());
    key = hmac(key, service.toUtf8());
    return hmac(key, Terminator);
}

QByteArray twoDigits(int value)
{
    return QByteArray::number(value).rightJustified(2, '0');
}

/// True for a well-formed yyyyMMddThhmmssZ value.
bool isAmzDate(const QByteArray &value)
{
    if (value.size() != 16 || value.at(8) != 'T' || value.at(15) != 'Z') {
        return false;
    }
    for (qsizetype i = 0; i < 15; ++i) {
        if (i != 8 && (value.at(i) < '0' || value.at(i) > '9')) {
            return false;
        }
    }
    return true;
}

QByteArray canonicalRequest(const SignableRequest &request, const QByteArray &canonicalQuery,
                            const CanonicalHeaders &headers, const QByteArray &payloadHash,
                            bool normalize)
{
    QByteArray out;
    out.append(request.method).append('\n');
    out.append(canonicalPath(request.path, normalize)).append('\n');
    out.append(canonicalQuery).append('\n');
    out.append(headers.canonical).append('\n');
    out.append(headers.signedNames).append('\n');
    out.append(payloadHash);
    return out;
}

QByteArray stringToSign(const QByteArray &amzDate, const QByteArray &scope,
                        const QByteArray &canonical)
{
    return QByteArray(Algorithm) + '\n' + amzDate + '\n' + scope + '\n'
           + SigV4Signer::sha256Hex(canonical);
}

QByteArray scopeFor(const QByteArray &scopeDate, const QString &region, const QString &service)
{
    return scopeDate + '/' + region.toUtf8() + '/' + service.toUtf8() + '/' + Terminator;
}

} // namespace

QByteArray SigV4Signer::amzDate(const QDateTime &time)
{
    const QDateTime utc = time.toUTC();
    const QTime t = utc.time();
    return scopeDate(utc) + 'T' + twoDigits(t.hour()) + twoDigits(t.minute())
           + twoDigits(t.second()) + 'Z';
}

QByteArray SigV4Signer::scopeDate(const QDateTime &time)
{
    const QDate d = time.toUTC().date();
    return QByteArray::number(d.year()).rightJustified(4, '0') + twoDigits(d.month())
           + twoDigits(d.day());
}

QByteArray SigV4Signer::sha256Hex(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

QByteArray SigV4Signer::credentialScope(const QDateTime &time, const QString &region,
                                        const QString &service)
{
    return scopeFor(scopeDate(time), region, service);
}

SignedParts SigV4Signer::signHeaders(const SignableRequest &request,
                                     const AwsCredentials &credentials, const SigningParams &params)
{
    SignedParts parts;
    HttpHeaders headers = request.headers;

    QByteArray date;
    QByteArray dateOfScope = scopeDate(params.time);
    if (const HttpHeader *existing = findHeader(headers, "x-amz-date")) {
        date = canonicalHeaderValue(existing->value);
        if (isAmzDate(date)) {
            dateOfScope = date.left(8);
        }
    } else {
        date = amzDate(params.time);
        headers.append({"X-Amz-Date"_ba, date});
        parts.addedHeaders.append(headers.constLast());
    }

    QByteArray payloadHash;
    if (const HttpHeader *existing = findHeader(headers, "x-amz-content-sha256")) {
        payloadHash = canonicalHeaderValue(existing->value);
    } else {
        payloadHash = sha256Hex(params.signBody ? request.body : QByteArray());
        if (params.signBody && params.addContentSha256Header) {
            headers.append({"x-amz-content-sha256"_ba, payloadHash});
            parts.addedHeaders.append(headers.constLast());
        }
    }

    const bool addToken = credentials.hasSessionToken()
                          && findHeader(headers, "x-amz-security-token") == nullptr;
    const HttpHeader tokenHeader{"X-Amz-Security-Token"_ba, credentials.sessionToken.toUtf8()};
    if (addToken && !params.omitSessionToken) {
        headers.append(tokenHeader);
        parts.addedHeaders.append(tokenHeader);
    }

    const CanonicalHeaders canonical = canonicalHeaders(headers);
    const QByteArray scope = scopeFor(dateOfScope, params.region, params.service);
    parts.canonicalRequest
            = canonicalRequest(request, joinQuery(canonicalQueryPairs(request.query)), canonical,
                               payloadHash, params.normalizePath);
    parts.stringToSign = stringToSign(date, scope, parts.canonicalRequest);
    parts.signature = hmac(signingKey(credentials, dateOfScope, params.region, params.service),
                           parts.stringToSign)
                              .toHex();
    parts.authorization = QByteArray(Algorithm) + " Credential=" + credentials.accessKeyId.toUtf8()
                          + '/' + scope + ", SignedHeaders=" + canonical.signedNames
                          + ", Signature=" + parts.signature;

    if (addToken && params.omitSessionToken) {
        parts.addedHeaders.append(tokenHeader);
    }
    parts.addedHeaders.append({"Authorization"_ba, parts.authorization});
    return parts;
}

SignedParts SigV4Signer::signQuery(const SignableRequest &request,
                                   const AwsCredentials &credentials, const SigningParams &params)
{
    SignedParts parts;
    const CanonicalHeaders canonical = canonicalHeaders(request.headers);
    const QByteArray dateOfScope = scopeDate(params.time);
    const QByteArray date = amzDate(params.time);
    const QByteArray scope = scopeFor(dateOfScope, params.region, params.service);

    QByteArray payloadHash;
    if (const HttpHeader *existing = findHeader(request.headers, "x-amz-content-sha256")) {
        payloadHash = canonicalHeaderValue(existing->value);
    } else {
        payloadHash = sha256Hex(params.signBody ? request.body : QByteArray());
    }

    QList<QueryPair> pairs = canonicalQueryPairs(request.query);
    const auto add = [&pairs](QByteArrayView key, const QByteArray &value) {
        pairs.append({key.toByteArray(), uriEncode(value, false)});
    };
    add("X-Amz-Algorithm", Algorithm);
    add("X-Amz-Credential", credentials.accessKeyId.toUtf8() + '/' + scope);
    add("X-Amz-Date", date);
    add("X-Amz-Expires", QByteArray::number(params.expiresInSecs));
    add("X-Amz-SignedHeaders", canonical.signedNames);
    const QByteArray token = credentials.sessionToken.toUtf8();
    if (credentials.hasSessionToken() && !params.omitSessionToken) {
        add("X-Amz-Security-Token", token);
    }

    parts.canonicalRequest = canonicalRequest(request, joinQuery(pairs), canonical, payloadHash,
                                              params.normalizePath);
    parts.stringToSign = stringToSign(date, scope, parts.canonicalRequest);
    parts.signature = hmac(signingKey(credentials, dateOfScope, params.region, params.service),
                           parts.stringToSign)
                              .toHex();

    if (credentials.hasSessionToken() && params.omitSessionToken) {
        add("X-Amz-Security-Token", token);
    }
    add("X-Amz-Signature", parts.signature);
    parts.signedQuery = joinQuery(std::move(pairs));
    return parts;
}

SigV4Signer::AuthorizationHeader SigV4Signer::parseAuthorization(const QByteArray &value)
{
    AuthorizationHeader result;
    const QByteArray text = value.trimmed();
    const QByteArray prefix = Algorithm;
    if (!text.startsWith(prefix) || text.size() == prefix.size()
        || !isSpace(text.at(prefix.size()))) {
        return result;
    }

    bool haveCredential = false;
    bool haveSignedHeaders = false;
    bool haveSignature = false;
    for (const QByteArray &rawPart : text.mid(prefix.size()).split(',')) {
        const QByteArray part = rawPart.trimmed();
        const qsizetype eq = part.indexOf('=');
        if (eq <= 0) {
            return result;
        }
        const QByteArray key = part.left(eq).trimmed();
        const QByteArray fieldValue = part.mid(eq + 1).trimmed();
        if (key == "Credential" && !haveCredential) {
            const QList<QByteArray> scope = fieldValue.split('/');
            if (scope.size() != 5
                || std::any_of(scope.cbegin(), scope.cend(),
                               [](const QByteArray &s) { return s.isEmpty(); })) {
                return result;
            }
            result.accessKeyId = scope.at(0);
            result.scopeDate = scope.at(1);
            result.region = scope.at(2);
            result.service = scope.at(3);
            result.terminator = scope.at(4);
            haveCredential = true;
        } else if (key == "SignedHeaders" && !haveSignedHeaders) {
            result.signedHeaders = fieldValue.split(';');
            if (std::any_of(result.signedHeaders.cbegin(), result.signedHeaders.cend(),
                            [](const QByteArray &h) { return h.isEmpty(); })) {
                return result;
            }
            haveSignedHeaders = true;
        } else if (key == "Signature" && !haveSignature) {
            if (fieldValue.size() != 64
                || !std::all_of(fieldValue.cbegin(), fieldValue.cend(), [](char c) {
                       return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                   })) {
                return result;
            }
            result.signature = fieldValue;
            haveSignature = true;
        } else {
            return result;
        }
    }
    result.valid = haveCredential && haveSignedHeaders && haveSignature;
    return result;
}

} // namespace Pd::Core
