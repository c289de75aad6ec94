#pragma once

#include "opportunityfield.h"
#include "opportunityquery.h"
#include "opportunitysummary.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <array>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <vector>

namespace Pd::Core {

/// Compact storage for the rows of a listing (OpportunityModel keeps 100,000 and more).
///
/// Each row is one record in 2 MiB blocks that never move: the two DateTimes as milliseconds
/// (their wire text only when it is not the canonical form), enum-like values (Stage,
/// CountryCode, CurrencyCode, … and the Arn up to its Id) as indices into per-field tables of
/// shared strings, all other text as UTF-8 (UTF-16 when it came as a QString with non-ASCII
/// characters). `at()` rebuilds the summary exactly as it was appended: absent, empty and
/// present members alike. A row costs about a sixth of an OpportunitySummary in a QList, and
/// appending never moves the rows before it.
///
/// `decode()` turns a ListOpportunities response body straight into records, without building
/// OpportunitySummary values first: the same rows as ListOpportunitiesResponse::parse() and
/// `append()`, in a fraction of the time. Bodies it does not expect (a member of the wrong type,
/// a repeated member) go through ListOpportunitiesResponse::parse(), which also words the
/// errors.
class OpportunityRows final
{
    struct Row
    {
        qint64 lastModifiedMs = OpportunitySummary::NoTime;
        qint64 createdMs = OpportunitySummary::NoTime;
        const uchar *record = nullptr;
    };

public:
    /// A decoded response whose rows are not appended yet (see `decode()`).
    class Page
    {
    public:
        qsizetype size() const { return qsizetype(m_rows.size()); }
        QString nextToken;

    private:
        friend class OpportunityRows;
        std::vector<Row> m_rows;
    };

    OpportunityRows();
    ~OpportunityRows();
    OpportunityRows(OpportunityRows &&) noexcept;
    OpportunityRows &operator=(OpportunityRows &&) noexcept;
    Q_DISABLE_COPY(OpportunityRows)

    qsizetype size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    void append(const OpportunitySummary &summary);
    void append(const QList<OpportunitySummary> &summaries);
    /// Decodes a 2xx ListOpportunities body into `*page`, for `append(Page)`. Returns false and
    /// sets `*error` like ListOpportunitiesResponse::parse() when the body is not a valid
    /// response.
    bool decode(const QByteArray &body, Page *page, QString *error);
    void append(Page &&page);
    /// The summary of `row`, rebuilt (about a microsecond).
    OpportunitySummary at(qsizetype row) const;
    /// Only the members `field` is made of (OpportunityFields::text() and the table's display
    /// text read nothing else), the nested objects' flags and the DateTimes' milliseconds; a
    /// fraction of the cost, for sorting and filtering by one column.
    OpportunitySummary at(qsizetype row, OpportunityField field) const;
    /// The members OpportunityQuery filters and sorts by (OpportunityQuery::fieldsOf() of the
    /// summary), decoding only those.
    OpportunityQuery::Fields queryFields(qsizetype row) const;
    /// Every column of `row` as OpportunityFields::texts() gives it for the summary, without
    /// rebuilding it: for writers that need no OpportunitySummary (CSV). The views point into the
    /// store or into `scratch`, and last until `scratch` is used again.
    using Texts = OpportunityFieldTexts;
    void texts(qsizetype row, Texts *texts, QByteArray *scratch) const;
    /// The parsed DateTimes of `row`, without rebuilding it.
    qint64 lastModifiedDateMs(qsizetype row) const { return rowAt(row).lastModifiedMs; }
    qint64 createdDateMs(qsizetype row) const { return rowAt(row).createdMs; }
    void clear();
    /// Bytes held: records, row index and value tables (for diagnostics and benchmarks).
    qsizetype memoryUsed() const;

private:
    /// The distinct values of one enum-like field.
    struct Table
    {
        QList<QString> values;
        QList<QByteArray> utf8Values; ///< the same, in UTF-8
        QHash<QString, quint32> index;
        QHash<QByteArray, quint32> utf8Index;
        /// Parsed values of a field are often the same shared string: its data pointer finds
        /// the index without hashing the text. The kept copy keeps that pointer valid.
        QHash<const QChar *, std::pair<QString, quint32>> byData;
    };
    enum TableId {
        CatalogTable,
        ArnPrefixTable,
        OpportunityTypeTable,
        StageTable,
        ClosedLostReasonTable,
        ReviewStatusTable,
        IndustryTable,
        CountryCodeTable,
        DeliveryModelTable,
        CurrencyCodeTable,
        FrequencyTable,
        TargetCompanyTable,
        ContractTermTable,
        TableCount
    };
    class Writer;
    class Reader;

    /// The row index grows in fixed chunks: appending never copies it.
    static constexpr qsizetype RowsPerChunk = 4096;
    const Row &rowAt(qsizetype row) const
    {
        return m_rows[size_t(row / RowsPerChunk)][size_t(row % RowsPerChunk)];
    }
    void appendRow(const Row &row);
    /// Decodes the fields whose bits (1 << field) are set in `wanted`.
    OpportunitySummary decodeRow(qsizetype row, quint32 wanted) const;
    /// The record of one summary, from an OpportunitySummary or straight from a response body
    /// (see the sources in the .cpp file).
    template<typename Source>
    Row encode(const Source &source);
    const uchar *store(const uchar *data, qsizetype size);
    /// The index of `value` in a table, or -1 when the table is full.
    qint64 intern(TableId table, const QString &value);
    qint64 intern(TableId table, std::string_view utf8);
    qint64 addToTable(TableId table, const QString &value);

    struct FreeBlock
    {
        void operator()(uchar *block) const { std::free(block); }
    };
    std::vector<std::unique_ptr<Row[]>> m_rows;
    qsizetype m_size = 0;
    std::vector<std::unique_ptr<uchar, FreeBlock>> m_blocks;
    qsizetype m_blockUsed = 0;
    qsizetype m_blockSize = 0;
    std::unique_ptr<Table[]> m_tables;
    qsizetype m_lastArnPrefix = -1; ///< the previous row's Arn prefix (they rarely change)
    QByteArray m_lastArnPrefixUtf8;
};

} // namespace Pd::Core
