#include "opportunityrows.h"

#include "civiltime.h"
#include "listopportunitiesrequest.h"
#include "opportunityfield.h"
#include "summarywalker.h"
#include "utf8text.h"

#include <QVarLengthArray>

#include <algorithm>
#include <array>
#include <cstring>
#include <new>
#include <simdjson.h>

#ifdef Q_OS_LINUX
#include <sys/mman.h>
#endif

using namespace Qt::StringLiterals;

namespace Pd::Core {

namespace {

/// Records go into blocks of 2 MiB, aligned so that the kernel can back each with one huge
/// page: storing 100,000 rows then takes a few dozen page faults instead of thousands.
constexpr qsizetype BlockSize = 2 * 1024 * 1024;
constexpr qsizetype MaxTableValues = 4096; ///< beyond this, a field's new values are stored inline
constexpr qsizetype MaxByDataEntries = 8192;

enum RecordFlag : uchar {
    HasLifeCycle = 0x01,
    HasCustomer = 0x02,
    HasAccount = 0x04,
    HasAddress = 0x08,
    HasProject = 0x10,
    HasDeliveryModels = 0x20,
    HasExpectedCustomerSpend = 0x40,
    HasExpectedContractDuration = 0x80,
};
enum DateFlag : uchar {
    ModifiedPresent = 0x01,
    ModifiedCanonical = 0x02, ///< the text is the canonical form of the milliseconds: not stored
    CreatedPresent = 0x04,
    CreatedCanonical = 0x08,
};

// A string is a varint header, then its bytes: 0 absent (null); (n << 2) | 1 UTF-8, n bytes
// (1: empty); (k << 2) | 2 value k of the field's table; (n << 2) | 3 UTF-16, n code units.
// An Arn's suffix header 3 (UTF-16 of no units) means "the Id".
constexpr quint64 NullText = 0;
constexpr quint64 SuffixIsId = 3;

bool isCanonical(const QString &text, qint64 ms)
{
    char buffer[32];
    const int n = ms == OpportunitySummary::NoTime ? 0 : CivilTime::writeDateTime(ms, buffer);
    return n > 0 && text == QLatin1StringView(buffer, n);
}

bool isCanonical(std::string_view text, qint64 ms)
{
    char buffer[32];
    const int n = ms == OpportunitySummary::NoTime ? 0 : CivilTime::writeDateTime(ms, buffer);
    return n > 0 && text == std::string_view(buffer, size_t(n));
}

QString canonicalText(qint64 ms)
{
    char buffer[32];
    return QString::fromLatin1(buffer, CivilTime::writeDateTime(ms, buffer));
}

} // namespace

/// One summary of a response body as views into the parser's strings.
struct SummarySlots
{
    struct Spend
    {
        std::array<std::string_view, SpendMemberCount> text;
        uchar present = 0; ///< one bit per SpendMember
    };

    // The interface of a record's source (see OpportunityRows::encode()).
    uchar recordFlags() const { return flags; }
    bool has(OpportunityField field) const { return present & (1u << int(field)); }
    std::string_view text(OpportunityField field) const { return texts[size_t(field)]; }
    qint64 dateTimeMs(OpportunityField field) const
    {
        qint64 ms = OpportunitySummary::NoTime;
        if (has(field)) {
            const std::string_view wire = text(field);
            Model::parseDateTimeMs(QByteArrayView(wire.data(), qsizetype(wire.size())), &ms);
        }
        return ms;
    }
    qsizetype deliveryModelCount() const { return deliveryModels.size(); }
    std::string_view deliveryModel(qsizetype i) const { return deliveryModels[i]; }
    qsizetype spendCount() const { return spends.size(); }
    bool has(qsizetype spend, SpendMember member) const
    {
        return spends[spend].present & (1u << int(member));
    }
    std::string_view text(qsizetype spend, SpendMember member) const
    {
        return spends[spend].text[size_t(member)];
    }

    std::array<std::string_view, OpportunityFieldCount> texts;
    quint32 present = 0; ///< one bit per OpportunityField: a string (not absent or null)
    uchar flags = 0; ///< RecordFlag
    QVarLengthArray<std::string_view, 8> deliveryModels;
    QVarLengthArray<Spend, 4> spends;
};

namespace {

/// An OpportunitySummary as the source of a record: its members as they are, the DateTimes'
/// milliseconds as it holds them.
class SummarySource
{
public:
    explicit SummarySource(const OpportunitySummary &summary) : s(summary) { }

    uchar recordFlags() const
    {
        uchar flags = 0;
        flags |= s.hasLifeCycle ? HasLifeCycle : 0;
        flags |= s.hasCustomer ? HasCustomer : 0;
        flags |= s.hasAccount ? HasAccount : 0;
        flags |= s.hasAddress ? HasAddress : 0;
        flags |= s.hasProject ? HasProject : 0;
        flags |= s.hasDeliveryModels ? HasDeliveryModels : 0;
        flags |= s.hasExpectedCustomerSpend ? HasExpectedCustomerSpend : 0;
        flags |= s.hasExpectedContractDuration ? HasExpectedContractDuration : 0;
        return flags;
    }
    bool has(OpportunityField field) const { return !text(field).isNull(); }
    const QString &text(OpportunityField field) const
    {
        return s.*OpportunityFields::member(field);
    }
    qint64 dateTimeMs(OpportunityField field) const
    {
        return field == OpportunityField::LastModifiedDate ? s.lastModifiedDateMs : s.createdDateMs;
    }
    qsizetype deliveryModelCount() const { return s.deliveryModels.size(); }
    const QString &deliveryModel(qsizetype i) const { return s.deliveryModels.at(i); }
    qsizetype spendCount() const { return s.expectedCustomerSpend.size(); }
    bool has(qsizetype spend, SpendMember member) const { return !text(spend, member).isNull(); }
    const QString &text(qsizetype spend, SpendMember member) const
    {
        return s.expectedCustomerSpend.at(spend).*OpportunityFields::member(member);
    }

private:
    const OpportunitySummary &s;
};

/// Gathers the summaries of a body as SummaryWalker walks it, accepting what
/// ListOpportunitiesResponse::parse() accepts in the same way (null is absent, unknown members
/// are ignored), and hands each to `store(slots)` (`reserve(count)` first). Anything else stops
/// it: a member of the wrong type, a repeated member, a second OpportunitySummaries list. The
/// caller then leaves the body to that parser.
template<typename Reserve, typename Store>
class SlotDecoder
{
public:
    static constexpr bool InlineFields = false; // too little work per member to pay for the code
    SlotDecoder(Reserve reserve, Store store, QString *nextToken)
        : m_reserve(reserve), m_store(store), m_nextToken(nextToken)
    { }

    bool summaries(size_t count)
    {
        if (m_haveSummaries) {
            return false;
        }
        m_haveSummaries = true;
        m_reserve(count);
        return true;
    }
    bool beginSummary()
    {
        m_slots.present = 0;
        m_slots.flags = 0;
        m_slots.deliveryModels.clear();
        m_slots.spends.clear();
        m_seen = 0;
        return true;
    }
    bool endSummary()
    {
        m_store(m_slots);
        return true;
    }

    bool nextToken(std::string_view token)
    {
        *m_nextToken = utf8ToString(QByteArrayView(token.data(), qsizetype(token.size())));
        return true;
    }
    bool nextTokenNull()
    {
        *m_nextToken = QString();
        return true;
    }

    bool string(OpportunityField field, std::string_view text)
    {
        if (!firstTime(int(field))) {
            return false;
        }
        m_slots.texts[size_t(field)] = text;
        m_slots.present |= 1u << int(field);
        return true;
    }
    bool null(OpportunityField field) { return firstTime(int(field)); }

    bool object(SummaryContainer container)
    {
        if (!firstTime(bit(container))) {
            return false;
        }
        m_slots.flags |= flag(container);
        return true;
    }
    bool list(SummaryContainer container, size_t) { return object(container); }
    bool absent(SummaryContainer container) { return firstTime(bit(container)); }

    bool deliveryModel(std::string_view model)
    {
        m_slots.deliveryModels.append(model);
        return true;
    }
    bool spend()
    {
        m_spend = &m_slots.spends.emplace_back();
        m_spendSeen = 0;
        return true;
    }
    bool spendString(SpendMember member, std::string_view text)
    {
        if (!spendNull(member)) {
            return false;
        }
        m_spend->text[size_t(member)] = text;
        m_spend->present |= uchar(1u << int(member));
        return true;
    }
    bool spendNull(SpendMember member)
    {
        const auto mask = uchar(1u << int(member));
        if (m_spendSeen & mask) {
            return false;
        }
        m_spendSeen |= mask;
        return true;
    }

    bool fail(const SummaryWalkProblem &) { return false; }

private:
    // The containers' bits come after the fields'; their record flags are in the same order.
    static int bit(SummaryContainer container) { return OpportunityFieldCount + int(container); }
    static_assert(OpportunityFieldCount + SummaryContainerCount <= 64);
    static uchar flag(SummaryContainer container) { return uchar(1u << int(container)); }
    static_assert(HasLifeCycle == 1 << int(SummaryContainer::LifeCycle)
                  && HasCustomer == 1 << int(SummaryContainer::Customer)
                  && HasAccount == 1 << int(SummaryContainer::Account)
                  && HasAddress == 1 << int(SummaryContainer::Address)
                  && HasProject == 1 << int(SummaryContainer::Project)
                  && HasDeliveryModels == 1 << int(SummaryContainer::DeliveryModels)
                  && HasExpectedCustomerSpend == 1 << int(SummaryContainer::ExpectedCustomerSpend)
                  && HasExpectedContractDuration
                             == 1 << int(SummaryContainer::ExpectedContractDuration));

    bool firstTime(int bit)
    {
        const quint64 mask = quint64(1) << bit;
        if (m_seen & mask) {
            return false;
        }
        m_seen |= mask;
        return true;
    }

    Reserve m_reserve;
    Store m_store;
    QString *m_nextToken = nullptr;
    SummarySlots m_slots;
    SummarySlots::Spend *m_spend = nullptr;
    quint64 m_seen = 0;
    uchar m_spendSeen = 0;
    bool m_haveSummaries = false;
};

} // namespace

/// Encodes one summary into a record. Its strings come as QString or as UTF-8; `present` says
/// whether the source has the member (a QString is present when it is not null).
class OpportunityRows::Writer
{
public:
    explicit Writer(OpportunityRows *rows) : m_rows(rows) { }

    const QVarLengthArray<uchar, 2048> &data() const { return m_data; }

    void byte(uchar value) { m_data.append(value); }

    void varint(quint64 value)
    {
        while (value >= 0x80) {
            m_data.append(uchar(value) | 0x80);
            value >>= 7;
        }
        m_data.append(uchar(value));
    }

    void text(const QString &value, bool /*present: not null*/)
    {
        if (value.isNull()) {
            varint(NullText);
        } else {
            inlineText(value);
        }
    }

    void inlineText(QStringView value)
    {
        const qsizetype n = value.size();
        const char16_t *units = value.utf16();
        bool ascii = true;
        for (qsizetype i = 0; i < n && ascii; ++i) {
            ascii = units[i] < 0x80;
        }
        varint((quint64(n) << 2) | (ascii ? 1 : 3));
        const qsizetype at = m_data.size();
        if (ascii) {
            m_data.resize(at + n);
            uchar *out = m_data.data() + at;
            for (qsizetype i = 0; i < n; ++i) {
                out[i] = uchar(units[i]);
            }
        } else {
            m_data.resize(at + 2 * n);
            std::memcpy(m_data.data() + at, units, size_t(2 * n));
        }
    }

    void utf8(std::string_view value)
    {
        varint((quint64(value.size()) << 2) | 1);
        m_data.append(reinterpret_cast<const uchar *>(value.data()), qsizetype(value.size()));
    }

    void text(std::string_view value, bool present)
    {
        if (present) {
            utf8(value);
        } else {
            varint(NullText);
        }
    }

    void value(TableId table, const QString &value, bool /*present: not null*/)
    {
        if (value.isEmpty()) {
            text(value, !value.isNull());
            return;
        }
        const qint64 index = m_rows->intern(table, value);
        if (index < 0) {
            inlineText(value);
        } else {
            tableValue(index);
        }
    }

    void value(TableId table, std::string_view value, bool present)
    {
        if (!present || value.empty()) {
            text(value, present);
            return;
        }
        const qint64 index = m_rows->intern(table, value);
        if (index < 0) {
            utf8(value);
        } else {
            tableValue(index);
        }
    }

    void tableValue(qint64 index) { varint((quint64(index) << 2) | 2); }

    // "arn:aws:partnercentral:<region>:<account>:catalog/<catalog>/opportunity/" + the Id
    void arn(const QString &arn, bool /*present*/, const QString &id, bool /*idPresent*/)
    {
        if (arn.isNull()) {
            varint(NullText);
            return;
        }
        const qsizetype slash = arn.lastIndexOf(u'/') + 1;
        const QStringView prefix = QStringView(arn).left(slash);
        if (!lastArnPrefixIs(prefix)) {
            const QString text = prefix.toString();
            value(ArnPrefixTable, text, true);
            const QHash<QString, quint32> &index = m_rows->m_tables[ArnPrefixTable].index;
            const auto found = index.constFind(text);
            rememberArnPrefix(found == index.cend() ? -1 : qint64(*found));
        }
        const QStringView suffix = QStringView(arn).mid(slash);
        if (!id.isEmpty() && suffix == id) {
            varint(SuffixIsId);
        } else {
            inlineText(suffix);
        }
    }

    void arn(std::string_view arn, bool present, std::string_view id, bool idPresent)
    {
        if (!present) {
            varint(NullText);
            return;
        }
        const size_t slash = arn.rfind('/') == std::string_view::npos ? 0 : arn.rfind('/') + 1;
        const std::string_view prefix = arn.substr(0, slash);
        const QByteArray key = QByteArray::fromRawData(prefix.data(), qsizetype(prefix.size()));
        if (m_rows->m_lastArnPrefix >= 0 && !prefix.empty() && key == m_rows->m_lastArnPrefixUtf8) {
            tableValue(m_rows->m_lastArnPrefix);
        } else {
            value(ArnPrefixTable, prefix, true);
            const QHash<QByteArray, quint32> &index = m_rows->m_tables[ArnPrefixTable].utf8Index;
            const auto found = index.constFind(key);
            rememberArnPrefix(found == index.cend() ? -1 : qint64(*found));
        }
        const std::string_view suffix = arn.substr(slash);
        if (idPresent && !id.empty() && suffix == id) {
            varint(SuffixIsId);
        } else {
            utf8(suffix);
        }
    }

private:
    bool lastArnPrefixIs(QStringView prefix)
    {
        const qsizetype last = m_rows->m_lastArnPrefix;
        if (last < 0 || prefix.isEmpty()
            || m_rows->m_tables[ArnPrefixTable].values.at(last) != prefix) {
            return false;
        }
        tableValue(last);
        return true;
    }

    void rememberArnPrefix(qint64 index)
    {
        m_rows->m_lastArnPrefix = index;
        m_rows->m_lastArnPrefixUtf8
                = index < 0 ? QByteArray()
                            : m_rows->m_tables[ArnPrefixTable].values.at(index).toUtf8();
    }

    OpportunityRows *m_rows = nullptr;
    QVarLengthArray<uchar, 2048> m_data;
};

/// Decodes one record.
class OpportunityRows::Reader
{
public:
    Reader(const OpportunityRows *rows, const uchar *record) : m_rows(rows), m_at(record) { }

    uchar byte() { return *m_at++; }

    quint64 varint()
    {
        quint64 value = 0;
        int shift = 0;
        uchar b = 0;
        do {
            b = *m_at++;
            value |= quint64(b & 0x7f) << shift;
            shift += 7;
        } while (b & 0x80);
        return value;
    }

    QString text(TableId table = TableCount) { return decode(varint(), table); }

    /// Steps over one string.
    void skip() { skipBody(varint()); }

    /// One string's header and the bytes after it, stepped over.
    struct Raw
    {
        quint64 header = NullText;
        const uchar *data = nullptr;
    };
    Raw raw()
    {
        Raw text{varint(), m_at};
        skipBody(text.header);
        return text;
    }

    void skipArn()
    {
        const quint64 prefixHeader = varint();
        if (prefixHeader != NullText) {
            skipBody(prefixHeader);
            skip(); // the suffix
        }
    }

    QString arn(const QString &id)
    {
        const quint64 prefixHeader = varint();
        if (prefixHeader == NullText) {
            return {};
        }
        const QString prefix = decode(prefixHeader, ArnPrefixTable);
        const quint64 suffixHeader = varint();
        return prefix + (suffixHeader == SuffixIsId ? id : decode(suffixHeader, TableCount));
    }

private:
    void skipBody(quint64 header)
    {
        const auto n = qsizetype(header >> 2);
        if ((header & 3) == 1) {
            m_at += n;
        } else if ((header & 3) == 3) {
            m_at += 2 * n;
        }
    }

    QString decode(quint64 header, TableId table)
    {
        const auto n = qsizetype(header >> 2);
        switch (header & 3) {
        case 1: {
            if (n == 0) {
                return u""_s;
            }
            QString value = utf8ToString(QByteArrayView(m_at, n));
            m_at += n;
            return value;
        }
        case 2:
            return m_rows->m_tables[table].values.at(n);
        case 3: {
            QString value(n, Qt::Uninitialized);
            std::memcpy(value.data(), m_at, size_t(2 * n));
            m_at += 2 * n;
            return value;
        }
        default:
            return {};
        }
    }

    const OpportunityRows *m_rows = nullptr;
    const uchar *m_at = nullptr;
};

OpportunityRows::OpportunityRows() : m_tables(std::make_unique<Table[]>(TableCount)) { }

OpportunityRows::~OpportunityRows() = default;
OpportunityRows::OpportunityRows(OpportunityRows &&) noexcept = default;
OpportunityRows &OpportunityRows::operator=(OpportunityRows &&) noexcept = default;

void OpportunityRows::clear()
{
    m_rows.clear();
    m_size = 0;
    m_blocks.clear();
    m_blockUsed = 0;
    m_blockSize = 0;
    m_tables = std::make_unique<Table[]>(TableCount);
    m_lastArnPrefix = -1;
    m_lastArnPrefixUtf8.clear();
}

qsizetype OpportunityRows::memoryUsed() const
{
    qsizetype bytes = qsizetype(m_rows.size()) * RowsPerChunk * qsizetype(sizeof(Row));
    for (const auto &block : m_blocks) {
        Q_UNUSED(block)
        bytes += BlockSize;
    }
    for (int t = 0; t < TableCount; ++t) {
        for (const QString &value : std::as_const(m_tables[t].values)) {
            bytes += 96 + 3 * value.size(); // the string and its entries in the lookups
        }
    }
    return bytes;
}

qint64 OpportunityRows::addToTable(TableId id, const QString &value)
{
    Table &table = m_tables[id];
    if (table.values.size() >= MaxTableValues) {
        return -1;
    }
    const auto index = quint32(table.values.size());
    table.values.append(value);
    table.utf8Values.append(value.toUtf8());
    table.index.insert(value, index);
    table.utf8Index.insert(table.utf8Values.constLast(), index);
    return index;
}

qint64 OpportunityRows::intern(TableId id, const QString &value)
{
    Table &table = m_tables[id];
    const auto known = table.byData.constFind(value.constData());
    if (known != table.byData.cend() && known->first.size() == value.size()) {
        return known->second;
    }
    const auto found = table.index.constFind(value);
    qint64 index = found == table.index.cend() ? -1 : qint64(*found);
    if (index < 0) {
        index = addToTable(id, value);
        if (index < 0) {
            return -1;
        }
    }
    if (table.byData.size() >= MaxByDataEntries) {
        table.byData.clear();
    }
    table.byData.insert(value.constData(), {value, quint32(index)});
    return index;
}

qint64 OpportunityRows::intern(TableId id, std::string_view utf8)
{
    const Table &table = m_tables[id];
    const auto found = table.utf8Index.constFind(
            QByteArray::fromRawData(utf8.data(), qsizetype(utf8.size())));
    if (found != table.utf8Index.cend()) {
        return *found;
    }
    return addToTable(id, utf8ToString(QByteArrayView(utf8.data(), qsizetype(utf8.size()))));
}

const uchar *OpportunityRows::store(const uchar *data, qsizetype size)
{
    if (m_blocks.empty() || m_blockUsed + size > m_blockSize) {
        m_blockSize = (std::max(BlockSize, size) + BlockSize - 1) / BlockSize * BlockSize;
        void *block = std::aligned_alloc(size_t(BlockSize), size_t(m_blockSize));
        if (!block) {
            throw std::bad_alloc();
        }
#ifdef MADV_HUGEPAGE
        madvise(block, size_t(m_blockSize), MADV_HUGEPAGE);
#endif
        m_blocks.emplace_back(static_cast<uchar *>(block));
        m_blockUsed = 0;
    }
    uchar *at = m_blocks.back().get() + m_blockUsed;
    std::memcpy(at, data, size_t(size));
    m_blockUsed += size;
    return at;
}

void OpportunityRows::appendRow(const Row &row)
{
    if (m_size % RowsPerChunk == 0) {
        m_rows.push_back(std::make_unique<Row[]>(RowsPerChunk));
    }
    m_rows.back()[size_t(m_size % RowsPerChunk)] = row;
    ++m_size;
}

void OpportunityRows::append(const OpportunitySummary &summary)
{
    appendRow(encode(SummarySource(summary)));
}

void OpportunityRows::append(const QList<OpportunitySummary> &summaries)
{
    for (const OpportunitySummary &summary : summaries) {
        appendRow(encode(SummarySource(summary)));
    }
}

void OpportunityRows::append(Page &&page)
{
    for (const Row &row : page.m_rows) {
        appendRow(row);
    }
    page.m_rows.clear();
}

bool OpportunityRows::decode(const QByteArray &body, Page *page, QString *error)
{
    *page = Page();
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (!parser.parse(body.constData(), size_t(body.size())).get(root)) {
        // The sink and so its walker are local to this function, which lets the compiler
        // inline the walk.
        SlotDecoder decoder(
                [page](size_t count) { page->m_rows.reserve(count); },
                [this, page](const SummarySlots &slots) { page->m_rows.push_back(encode(slots)); },
                &page->nextToken);
        if (SummaryWalker(&decoder).walk(root)) {
            return true;
        }
    }
    // Not what a ListOpportunities response usually looks like: the full parser decides.
    ListOpportunitiesResponse response;
    if (!ListOpportunitiesResponse::parse(body, &response, error)) {
        *page = Page();
        return false;
    }
    *page = Page();
    page->nextToken = response.nextToken;
    page->m_rows.reserve(size_t(response.opportunitySummaries.size()));
    for (const OpportunitySummary &summary : std::as_const(response.opportunitySummaries)) {
        page->m_rows.push_back(encode(SummarySource(summary)));
    }
    return true;
}

template<typename Source>
OpportunityRows::Row OpportunityRows::encode(const Source &s)
{
    using F = OpportunityField;
    const qint64 modifiedMs = s.dateTimeMs(F::LastModifiedDate);
    const qint64 createdMs = s.dateTimeMs(F::CreatedDate);

    Writer w(this);
    w.byte(s.recordFlags());
    const bool modifiedCanonical
            = s.has(F::LastModifiedDate) && isCanonical(s.text(F::LastModifiedDate), modifiedMs);
    const bool createdCanonical
            = s.has(F::CreatedDate) && isCanonical(s.text(F::CreatedDate), createdMs);
    uchar dates = 0;
    dates |= s.has(F::LastModifiedDate) ? ModifiedPresent : 0;
    dates |= modifiedCanonical ? ModifiedCanonical : 0;
    dates |= s.has(F::CreatedDate) ? CreatedPresent : 0;
    dates |= createdCanonical ? CreatedCanonical : 0;
    w.byte(dates);
    if (s.has(F::LastModifiedDate) && !modifiedCanonical) {
        w.text(s.text(F::LastModifiedDate), true);
    }
    if (s.has(F::CreatedDate) && !createdCanonical) {
        w.text(s.text(F::CreatedDate), true);
    }

    const auto plain = [&](F field) { w.text(s.text(field), s.has(field)); };
    const auto value = [&](TableId table, F field) { w.value(table, s.text(field), s.has(field)); };
    value(CatalogTable, F::Catalog);
    plain(F::Id);
    w.arn(s.text(F::Arn), s.has(F::Arn), s.text(F::Id), s.has(F::Id));
    plain(F::PartnerOpportunityIdentifier);
    value(OpportunityTypeTable, F::OpportunityType);

    value(StageTable, F::Stage);
    value(ClosedLostReasonTable, F::ClosedLostReason);
    plain(F::NextSteps);
    plain(F::TargetCloseDate);
    value(ReviewStatusTable, F::ReviewStatus);
    plain(F::ReviewComments);
    plain(F::ReviewStatusReason);

    value(IndustryTable, F::Industry);
    plain(F::OtherIndustry);
    plain(F::CompanyName);
    plain(F::WebsiteUrl);
    plain(F::City);
    plain(F::PostalCode);
    plain(F::StateOrRegion);
    value(CountryCodeTable, F::CountryCode);

    w.varint(quint64(s.deliveryModelCount()));
    for (qsizetype i = 0; i < s.deliveryModelCount(); ++i) {
        w.value(DeliveryModelTable, s.deliveryModel(i), true);
    }
    w.varint(quint64(s.spendCount()));
    for (qsizetype i = 0; i < s.spendCount(); ++i) {
        using M = SpendMember;
        w.text(s.text(i, M::Amount), s.has(i, M::Amount));
        w.value(CurrencyCodeTable, s.text(i, M::CurrencyCode), s.has(i, M::CurrencyCode));
        w.value(FrequencyTable, s.text(i, M::Frequency), s.has(i, M::Frequency));
        w.value(TargetCompanyTable, s.text(i, M::TargetCompany), s.has(i, M::TargetCompany));
        w.text(s.text(i, M::EstimationUrl), s.has(i, M::EstimationUrl));
    }
    value(ContractTermTable, F::ExpectedContractDurationTerm);
    plain(F::ExpectedContractDurationValue);

    return Row{modifiedMs, createdMs, store(w.data().constData(), w.data().size())};
}

OpportunitySummary OpportunityRows::at(qsizetype index) const
{
    return decodeRow(index, ~quint32(0));
}

OpportunitySummary OpportunityRows::at(qsizetype index, OpportunityField only) const
{
    return decodeRow(index, 1u << int(only));
}

OpportunityQuery::Fields OpportunityRows::queryFields(qsizetype index) const
{
    using F = OpportunityField;
    constexpr quint32 wanted = 1u << int(F::Catalog) | 1u << int(F::Id) | 1u << int(F::Stage)
                               | 1u << int(F::ReviewStatus) | 1u << int(F::CompanyName)
                               | 1u << int(F::TargetCloseDate);
    // A DateTime without milliseconds may still have a text that fieldsOf() parses.
    const Row &row = rowAt(index);
    const quint32 dates
            = (row.lastModifiedMs == OpportunitySummary::NoTime ? 1u << int(F::LastModifiedDate)
                                                                : 0u)
              | (row.createdMs == OpportunitySummary::NoTime ? 1u << int(F::CreatedDate) : 0u);
    return OpportunityQuery::fieldsOf(decodeRow(index, wanted | dates));
}

OpportunitySummary OpportunityRows::decodeRow(qsizetype index, quint32 wanted) const
{
    using F = OpportunityField;
    static_assert(OpportunityFieldCount <= 32);
    const auto want = [wanted](F field) { return ((wanted >> int(field)) & 1u) != 0; };
    const Row &row = rowAt(index);
    Reader r(this, row.record);
    const auto take = [&](QString *member, F field, TableId table = TableCount) {
        if (want(field)) {
            *member = r.text(table);
        } else {
            r.skip();
        }
    };
    OpportunitySummary s;
    const uchar flags = r.byte();
    s.hasLifeCycle = flags & HasLifeCycle;
    s.hasCustomer = flags & HasCustomer;
    s.hasAccount = flags & HasAccount;
    s.hasAddress = flags & HasAddress;
    s.hasProject = flags & HasProject;
    s.hasDeliveryModels = flags & HasDeliveryModels;
    s.hasExpectedCustomerSpend = flags & HasExpectedCustomerSpend;
    s.hasExpectedContractDuration = flags & HasExpectedContractDuration;
    const uchar dates = r.byte();
    s.lastModifiedDateMs = row.lastModifiedMs;
    s.createdDateMs = row.createdMs;
    if (dates & ModifiedPresent) {
        if (dates & ModifiedCanonical) {
            if (want(F::LastModifiedDate)) {
                s.lastModifiedDate = canonicalText(row.lastModifiedMs);
            }
        } else {
            take(&s.lastModifiedDate, F::LastModifiedDate);
        }
    }
    if (dates & CreatedPresent) {
        if (dates & CreatedCanonical) {
            if (want(F::CreatedDate)) {
                s.createdDate = canonicalText(row.createdMs);
            }
        } else {
            take(&s.createdDate, F::CreatedDate);
        }
    }

    take(&s.catalog, F::Catalog, CatalogTable);
    if (want(F::Id) || want(F::Arn)) {
        s.id = r.text(); // the Arn is rebuilt with it
    } else {
        r.skip();
    }
    if (want(F::Arn)) {
        s.arn = r.arn(s.id);
    } else {
        r.skipArn();
    }
    take(&s.partnerOpportunityIdentifier, F::PartnerOpportunityIdentifier);
    take(&s.opportunityType, F::OpportunityType, OpportunityTypeTable);

    take(&s.stage, F::Stage, StageTable);
    take(&s.closedLostReason, F::ClosedLostReason, ClosedLostReasonTable);
    take(&s.nextSteps, F::NextSteps);
    take(&s.targetCloseDate, F::TargetCloseDate);
    take(&s.reviewStatus, F::ReviewStatus, ReviewStatusTable);
    take(&s.reviewComments, F::ReviewComments);
    take(&s.reviewStatusReason, F::ReviewStatusReason);

    take(&s.industry, F::Industry, IndustryTable);
    take(&s.otherIndustry, F::OtherIndustry);
    take(&s.companyName, F::CompanyName);
    take(&s.websiteUrl, F::WebsiteUrl);
    take(&s.city, F::City);
    take(&s.postalCode, F::PostalCode);
    take(&s.stateOrRegion, F::StateOrRegion);
    take(&s.countryCode, F::CountryCode, CountryCodeTable);

    const auto models = qsizetype(r.varint());
    const bool wantModels = want(F::DeliveryModels);
    if (wantModels) {
        s.deliveryModels.reserve(models);
    }
    for (qsizetype i = 0; i < models; ++i) {
        if (wantModels) {
            s.deliveryModels.append(r.text(DeliveryModelTable));
        } else {
            r.skip();
        }
    }
    const auto spends = qsizetype(r.varint());
    const bool wantSpends = want(F::ExpectedCustomerSpend);
    if (wantSpends) {
        s.expectedCustomerSpend.reserve(spends);
    }
    for (qsizetype i = 0; i < spends; ++i) {
        if (!wantSpends) {
            for (int member = 0; member < 5; ++member) {
                r.skip();
            }
            continue;
        }
        ExpectedCustomerSpend spend;
        spend.amount = r.text();
        spend.currencyCode = r.text(CurrencyCodeTable);
        spend.frequency = r.text(FrequencyTable);
        spend.targetCompany = r.text(TargetCompanyTable);
        spend.estimationUrl = r.text();
        s.expectedCustomerSpend.append(std::move(spend));
    }
    take(&s.expectedContractDurationTerm, F::ExpectedContractDurationTerm, ContractTermTable);
    take(&s.expectedContractDurationValue, F::ExpectedContractDurationValue);
    return s;
}

void OpportunityRows::texts(qsizetype index, Texts *texts, QByteArray *scratch) const
{
    using F = OpportunityField;
    FieldTextsBuilder builder(scratch);
    // A string's UTF-8: in the record or a table, or (UTF-16 in the record) converted into
    // `converted`.
    const auto utf8 = [this](const Reader::Raw &text, TableId table,
                             QByteArray *converted) -> QByteArrayView {
        const auto n = qsizetype(text.header >> 2);
        switch (text.header & 3) {
        case 1:
            return QByteArrayView(reinterpret_cast<const char *>(text.data), n);
        case 2:
            return m_tables[table].utf8Values.at(n);
        case 3: {
            QString units(n,
                          Qt::Uninitialized); // the record is not aligned for QChar
            std::memcpy(units.data(), text.data, size_t(2 * n));
            *converted = units.toUtf8();
            return *converted;
        }
        default:
            return {};
        }
    };
    const auto cell = [&](F field, const Reader::Raw &text, TableId table = TableCount) {
        if (text.header == NullText) {
            return;
        }
        if ((text.header & 3) == 3) {
            const qsizetype from = scratch->size();
            QByteArray converted;
            scratch->append(utf8(text, table, &converted));
            builder.setComposed(field, from);
        } else {
            builder.set(field, utf8(text, table, nullptr));
        }
    };
    const auto canonical = [&](F field, qint64 ms) {
        char buffer[32];
        const qsizetype from = scratch->size();
        scratch->append(buffer, CivilTime::writeDateTime(ms, buffer));
        builder.setComposed(field, from);
    };

    const Row &row = rowAt(index);
    Reader r(this, row.record);
    const uchar flags = r.byte();
    const uchar dates = r.byte();
    if (dates & ModifiedPresent) {
        if (dates & ModifiedCanonical) {
            canonical(F::LastModifiedDate, row.lastModifiedMs);
        } else {
            cell(F::LastModifiedDate, r.raw());
        }
    }
    if (dates & CreatedPresent) {
        if (dates & CreatedCanonical) {
            canonical(F::CreatedDate, row.createdMs);
        } else {
            cell(F::CreatedDate, r.raw());
        }
    }
    cell(F::Catalog, r.raw(), CatalogTable);
    const Reader::Raw id = r.raw();
    cell(F::Id, id);
    const Reader::Raw arnPrefix = r.raw();
    if (arnPrefix.header != NullText) {
        const Reader::Raw suffix = r.raw();
        const qsizetype from = scratch->size();
        QByteArray converted;
        scratch->append(utf8(arnPrefix, ArnPrefixTable, &converted));
        scratch->append(utf8(suffix.header == SuffixIsId ? id : suffix, TableCount, &converted));
        builder.setComposed(F::Arn, from);
    }
    cell(F::PartnerOpportunityIdentifier, r.raw());
    cell(F::OpportunityType, r.raw(), OpportunityTypeTable);
    cell(F::Stage, r.raw(), StageTable);
    cell(F::ClosedLostReason, r.raw(), ClosedLostReasonTable);
    cell(F::NextSteps, r.raw());
    cell(F::TargetCloseDate, r.raw());
    cell(F::ReviewStatus, r.raw(), ReviewStatusTable);
    cell(F::ReviewComments, r.raw());
    cell(F::ReviewStatusReason, r.raw());
    cell(F::Industry, r.raw(), IndustryTable);
    cell(F::OtherIndustry, r.raw());
    cell(F::CompanyName, r.raw());
    cell(F::WebsiteUrl, r.raw());
    cell(F::City, r.raw());
    cell(F::PostalCode, r.raw());
    cell(F::StateOrRegion, r.raw());
    cell(F::CountryCode, r.raw(), CountryCodeTable);

    const auto models = qsizetype(r.varint());
    if ((flags & HasDeliveryModels) || models > 0) {
        QByteArray converted;
        builder.beginDeliveryModels();
        for (qsizetype i = 0; i < models; ++i) {
            builder.addDeliveryModel(utf8(r.raw(), DeliveryModelTable, &converted));
        }
        builder.endDeliveryModels();
    }
    const auto spends = qsizetype(r.varint());
    if ((flags & HasExpectedCustomerSpend) || spends > 0) {
        static constexpr TableId Tables[SpendMemberCount]
                = {TableCount, CurrencyCodeTable, FrequencyTable, TargetCompanyTable, TableCount};
        std::array<QByteArray, SpendMemberCount> converted;
        builder.beginSpends();
        for (qsizetype i = 0; i < spends; ++i) {
            FieldTextsBuilder::SpendTexts members;
            unsigned present = 0;
            for (size_t m = 0; m < size_t(SpendMemberCount); ++m) {
                const Reader::Raw text = r.raw();
                if (text.header != NullText) {
                    members[m] = utf8(text, Tables[m], &converted[m]);
                    present |= 1u << m;
                }
            }
            builder.addSpend(members, present);
        }
        builder.endSpends();
    }
    cell(F::ExpectedContractDurationTerm, r.raw(), ContractTermTable);
    cell(F::ExpectedContractDurationValue, r.raw());
    builder.finish(texts);
}

} // namespace Pd::Core
