#include "shellwords.h"

#include <algorithm>

namespace Pd::Core {

namespace {

bool isShellSpace(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\r' || c == u'\n';
}

} // namespace

QStringList ShellWords::split(QStringView text, QString *error)
{
    enum class State { Space, Word, Single, Double };
    QStringList words;
    QString word;
    bool inWord = false; // also true for an empty quoted word such as ''
    State state = State::Space;

    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        switch (state) {
        case State::Space:
        case State::Word:
            if (isShellSpace(c)) {
                if (inWord) {
                    words.append(word);
                    word.clear();
                    inWord = false;
                }
                state = State::Space;
            } else if (c == u'\'') {
                state = State::Single;
                inWord = true;
            } else if (c == u'"') {
                state = State::Double;
                inWord = true;
            } else if (c == u'\\') {
                if (i + 1 >= text.size()) {
                    if (error) {
                        *error = tr("The command line ends with a lone backslash.");
                    }
                    return {};
                }
                word.append(text.at(++i));
                inWord = true;
                state = State::Word;
            } else {
                word.append(c);
                inWord = true;
                state = State::Word;
            }
            break;
        case State::Single:
            if (c == u'\'') {
                state = State::Word;
            } else {
                word.append(c);
            }
            break;
        case State::Double:
            if (c == u'"') {
                state = State::Word;
            } else if (c == u'\\' && i + 1 < text.size()
                       && (text.at(i + 1) == u'"' || text.at(i + 1) == u'\\')) {
                word.append(text.at(++i));
            } else {
                word.append(c);
            }
            break;
        }
    }
    if (state == State::Single || state == State::Double) {
        if (error) {
            *error = tr("The command line has an unterminated %1 quote.")
                             .arg(state == State::Single ? u"'" : u"\"");
        }
        return {};
    }
    if (inWord) {
        words.append(word);
    }
    if (error) {
        error->clear();
    }
    return words;
}

QString ShellWords::quote(const QString &word)
{
    const bool plain = !word.isEmpty() && std::all_of(word.begin(), word.end(), [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')
               || QStringView(u"_@%+=:,./-").contains(c);
    });
    if (plain) {
        return word;
    }
    QString quoted = word;
    quoted.replace(QStringLiteral("'"), QStringLiteral("'\\''"));
    return u'\'' + quoted + u'\'';
}

} // namespace Pd::Core
