#pragma once

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <utility>

namespace Pd::Core {

/// One AWS shared configuration file (~/.aws/config or ~/.aws/credentials), read with the AWS
/// CLI's (botocore's) rules:
/// - `[profile name]` sections in the config file (the name may be quoted), `[default]`, and
///   plain `[name]` sections in the credentials file; `[services name]` sections in the config
///   file. Section and profile names are case-sensitive; keys are not (stored lower-case).
/// - `key = value` or `key: value`; values are trimmed; no inline comments. Whole-line
///   comments start with `#` or `;`.
/// - An indented line continues the previous value. A key with an empty value followed by
///   indented `subkey = value` lines is a nested sub-section (`s3 =\n  max_concurrency = 10`).
/// - Keys in a `[DEFAULT]` section apply to every section that lacks them.
///
/// Anything else (text before the first section, a line without `=`, a duplicate section or
/// key, invalid UTF-8) makes `parse()` fail with an error naming the file and the line. Parsing
/// is linear in the input size and never throws.
class AwsConfigFile
{
    Q_DECLARE_TR_FUNCTIONS(Pd::Core::AwsConfigFile)

public:
    enum class Format { Config, Credentials };

    struct Value
    {
        QString text; ///< the trimmed value; lines of a continued value joined with '\n'
        /// A nested sub-section's entries in file order (sub-keys keep their case).
        QList<std::pair<QString, QString>> nested;
        bool isNested = false;
        int line = 0; ///< 1-based line of the key

        /// The last value given for `key` in the nested sub-section, or a null string.
        QString nestedValue(QStringView key) const;
    };

    struct Section
    {
        QString name; ///< as written between the brackets
        int line = 0;
        QStringList keys; ///< lower-case keys in file order
    };

    /// Larger files are refused rather than read.
    static constexpr qint64 MaxFileSize = 16 * 1024 * 1024;

    /// Reads and parses `path`. A missing file is not an error: the result is empty and
    /// `exists()` is false.
    bool load(const QString &path, Format format);
    /// Parses `data` as the contents of `path` (used in messages only).
    bool parse(QByteArrayView data, const QString &path, Format format);

    bool exists() const { return m_exists; }
    QString path() const { return m_path; }
    Format format() const { return m_format; }
    /// "<path>:<line>: <problem>" (translated), or empty.
    QString errorString() const { return m_error; }
    int errorLine() const { return m_errorLine; }

    /// Profile names in order of first appearance.
    QStringList profileNames() const { return m_profileOrder; }
    bool hasProfile(const QString &name) const { return m_profiles.contains(name); }
    /// The named profile's value for `key`, falling back to [DEFAULT]; null when absent.
    const Value *find(const QString &profile, const QString &key) const;
    /// A section's own value for `key` (no [DEFAULT] fallback); null when absent.
    const Value *sectionValue(const Section &section, const QString &key) const;
    QString value(const QString &profile, const QString &key) const;
    /// The section of a profile, or nullptr.
    const Section *profileSection(const QString &name) const;
    /// The config file's `[services name]` section, or nullptr.
    const Section *servicesSection(const QString &name) const;
    /// A key of a services section's nested sub-section (`[services x]` `svc =` `  key = v`).
    QString serviceValue(const QString &servicesName, const QString &service,
                         const QString &key) const;

private:
    bool fail(int line, const QString &problem);
    void buildMaps();

    QString m_path;
    Format m_format = Format::Config;
    bool m_exists = false;
    QString m_error;
    int m_errorLine = 0;
    QList<Section> m_sections;
    QHash<std::pair<qsizetype, QString>, Value> m_values; ///< (section index, key) -> value
    QHash<QString, qsizetype> m_profiles;
    QStringList m_profileOrder;
    QHash<QString, qsizetype> m_services;
    qsizetype m_defaults = -1; ///< index of [DEFAULT]
};

} // namespace Pd::Core
