#include "awsconfigfile.h"

#include "shellwords.h"

#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace Pd::Core {

namespace {

bool isIndent(QChar c)
{
    return c == u' ' || c == u'\t';
}

/// The 1-based line holding the first byte sequence that is not UTF-8.
int firstInvalidLine(QByteArrayView data)
{
    int line = 1;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= data.size(); ++i) {
        if (i == data.size() || data[i] == '\n' || data[i] == '\r') {
            QStringDecoder decoder(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
            const QString ignored = decoder(data.sliced(start, i - start));
            if (decoder.hasError()) {
                return line;
            }
            if (i + 1 < data.size() && data[i] == '\r' && data[i + 1] == '\n') {
                ++i;
            }
            ++line;
            start = i + 1;
        }
    }
    return line;
}

/// The name in a `[prefix name]` header, split like botocore (shlex), or a null string.
QString prefixedName(const QString &section, QStringView prefix)
{
    if (!section.startsWith(prefix)) {
        return {};
    }
    QString error;
    const QStringList parts = ShellWords::split(section, &error);
    if (parts.size() != 2 || parts.first() != prefix || parts.at(1).isEmpty()) {
        return {};
    }
    return parts.at(1);
}

} // namespace

bool AwsConfigFile::load(const QString &path, Format format)
{
    *this = AwsConfigFile();
    m_path = path;
    m_format = format;
    const QFileInfo info(path);
    if (!info.exists()) {
        return true;
    }
    m_exists = true;
    if (info.isDir()) {
        return fail(0, tr("this is a folder, not a file"));
    }
    if (info.size() > MaxFileSize) {
        return fail(0, tr("the file is larger than %1 MiB").arg(MaxFileSize / (1024 * 1024)));
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return fail(0, file.errorString());
    }
    const QByteArray data = file.read(MaxFileSize + 1);
    if (data.size() > MaxFileSize) {
        return fail(0, tr("the file is larger than %1 MiB").arg(MaxFileSize / (1024 * 1024)));
    }
    const bool ok = parse(data, path, format);
    m_exists = true;
    return ok;
}

bool AwsConfigFile::parse(QByteArrayView data, const QString &path, Format format)
{
    *this = AwsConfigFile();
    m_path = path;
    m_format = format;
    m_exists = true;

    if (data.startsWith("\xEF\xBB\xBF")) {
        data = data.sliced(3);
    }

    qsizetype currentSection = -1;
    QString pendingKey; // the option whose value indented lines continue
    Value pending;
    qsizetype pendingIndent = 0;
    bool hasPending = false;
    const auto commit = [&] {
        if (hasPending) {
            m_sections[currentSection].keys.append(pendingKey);
            m_values.insert({currentSection, pendingKey}, pending);
            hasPending = false;
        }
    };
    QHash<QString, qsizetype> sectionIndex;

    QStringDecoder decoder(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
    const QString text = decoder(data);
    if (decoder.hasError()) {
        return fail(firstInvalidLine(data), tr("the line is not valid UTF-8 text"));
    }

    int lineNo = 0;
    qsizetype pos = 0;
    while (pos < text.size()) {
        qsizetype end = pos;
        while (end < text.size() && text[end] != u'\n' && text[end] != u'\r') {
            ++end;
        }
        const QStringView line = QStringView(text).sliced(pos, end - pos);
        if (end + 1 < text.size() && text[end] == u'\r' && text[end + 1] == u'\n') {
            pos = end + 2;
        } else {
            pos = end < text.size() ? end + 1 : end;
        }
        ++lineNo;

        const QStringView stripped = line.trimmed();
        if (stripped.isEmpty() || stripped.startsWith(u'#') || stripped.startsWith(u';')) {
            continue;
        }
        qsizetype indent = 0;
        while (indent < line.size() && isIndent(line[indent])) {
            ++indent;
        }

        if (hasPending && indent > pendingIndent) {
            if (pending.isNested || pending.text.isEmpty()) {
                const qsizetype eq = stripped.indexOf(u'=');
                if (eq < 0) {
                    return fail(lineNo, tr("expected “key = value” inside the nested “%1” "
                                           "settings")
                                                .arg(pendingKey));
                }
                pending.isNested = true;
                pending.nested.append({stripped.left(eq).trimmed().toString(),
                                       stripped.mid(eq + 1).trimmed().toString()});
            } else {
                pending.text.append(u'\n').append(stripped);
            }
            continue;
        }

        if (stripped.startsWith(u'[')) {
            commit();
            const qsizetype close = stripped.lastIndexOf(u']');
            if (close < 0) {
                return fail(lineNo, tr("the section header has no closing “]”"));
            }
            const QString name = stripped.mid(1, close - 1).toString();
            if (name.isEmpty()) {
                return fail(lineNo, tr("the section name is empty"));
            }
            if (const auto it = sectionIndex.constFind(name); it != sectionIndex.cend()) {
                return fail(lineNo, tr("the section [%1] appears twice (first on line %2)")
                                            .arg(name)
                                            .arg(m_sections.at(*it).line));
            }
            currentSection = m_sections.size();
            sectionIndex.insert(name, currentSection);
            m_sections.append(Section{name, lineNo, {}});
            continue;
        }

        if (currentSection < 0) {
            return fail(lineNo,
                        tr("“%1” comes before the first [section] header").arg(stripped.left(40)));
        }
        qsizetype delimiter = -1;
        for (qsizetype i = 0; i < stripped.size(); ++i) {
            if (stripped.at(i) == u'=' || stripped.at(i) == u':') {
                delimiter = i;
                break;
            }
        }
        if (delimiter < 0) {
            return fail(lineNo, tr("expected “key = value”"));
        }
        const QString key = stripped.left(delimiter).trimmed().toString().toLower();
        if (key.isEmpty()) {
            return fail(lineNo,
                        tr("the key name before “%1” is missing").arg(stripped.at(delimiter)));
        }
        commit();
        if (const auto it = m_values.constFind({currentSection, key}); it != m_values.cend()) {
            return fail(lineNo, tr("the key “%1” appears twice in [%2] (first on line %3)")
                                        .arg(key, m_sections.at(currentSection).name)
                                        .arg(it->line));
        }
        pendingKey = key;
        pending = Value{stripped.mid(delimiter + 1).trimmed().toString(), {}, false, lineNo};
        pendingIndent = indent;
        hasPending = true;
    }
    commit();
    buildMaps();
    return true;
}

void AwsConfigFile::buildMaps()
{
    for (qsizetype i = 0; i < m_sections.size(); ++i) {
        const QString &name = m_sections.at(i).name;
        if (name == "DEFAULT"_L1) {
            m_defaults = i;
            continue;
        }
        QString profile;
        if (m_format == Format::Credentials) {
            profile = name;
        } else if (name == "default"_L1) {
            profile = name;
        } else if (const QString services = prefixedName(name, u"services"); !services.isNull()) {
            m_services.insert(services, i);
            continue;
        } else {
            profile = prefixedName(name, u"profile");
        }
        if (profile.isEmpty()) {
            continue;
        }
        // A later section for the same profile replaces the earlier one, as in botocore.
        if (!m_profiles.contains(profile)) {
            m_profileOrder.append(profile);
        }
        m_profiles.insert(profile, i);
    }
}

bool AwsConfigFile::fail(int line, const QString &problem)
{
    m_sections.clear();
    m_values.clear();
    m_profiles.clear();
    m_profileOrder.clear();
    m_services.clear();
    m_defaults = -1;
    m_errorLine = line;
    m_error = line > 0 ? tr("%1, line %2: %3").arg(m_path).arg(line).arg(problem)
                       : tr("%1: %2").arg(m_path, problem);
    return false;
}

const AwsConfigFile::Section *AwsConfigFile::profileSection(const QString &name) const
{
    const auto it = m_profiles.constFind(name);
    return it == m_profiles.cend() ? nullptr : &m_sections.at(*it);
}

const AwsConfigFile::Section *AwsConfigFile::servicesSection(const QString &name) const
{
    const auto it = m_services.constFind(name);
    return it == m_services.cend() ? nullptr : &m_sections.at(*it);
}

QString AwsConfigFile::Value::nestedValue(QStringView key) const
{
    for (auto it = nested.crbegin(); it != nested.crend(); ++it) {
        if (it->first == key) {
            return it->second;
        }
    }
    return {};
}

const AwsConfigFile::Value *AwsConfigFile::sectionValue(const Section &section,
                                                        const QString &key) const
{
    const qsizetype index = &section - m_sections.constData();
    if (index < 0 || index >= m_sections.size()) {
        return nullptr;
    }
    const auto it = m_values.constFind({index, key.toLower()});
    return it == m_values.cend() ? nullptr : &*it;
}

const AwsConfigFile::Value *AwsConfigFile::find(const QString &profile, const QString &key) const
{
    const Section *section = profileSection(profile);
    if (!section) {
        return nullptr;
    }
    if (const Value *found = sectionValue(*section, key)) {
        return found;
    }
    return m_defaults >= 0 ? sectionValue(m_sections.at(m_defaults), key) : nullptr;
}

QString AwsConfigFile::value(const QString &profile, const QString &key) const
{
    const Value *found = find(profile, key);
    return found && !found->isNested ? found->text : QString();
}

QString AwsConfigFile::serviceValue(const QString &servicesName, const QString &service,
                                    const QString &key) const
{
    const Section *section = servicesSection(servicesName);
    if (!section) {
        return {};
    }
    const Value *found = sectionValue(*section, service);
    return found && found->isNested ? found->nestedValue(key) : QString();
}

} // namespace Pd::Core
