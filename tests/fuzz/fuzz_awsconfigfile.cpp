// AwsConfigFile::parse on arbitrary bytes, as a config file and as a credentials file. A failure
// names the file and a line inside it; a success answers lookups for every profile.
#include "awsconfigfile.h"

#include <QByteArrayView>
#include <QString>

#include <cstdint>
#include <cstdlib>

using namespace Qt::StringLiterals;

static void check(QByteArrayView data, Pd::Core::AwsConfigFile::Format format)
{
    Pd::Core::AwsConfigFile file;
    const QString path = u"/fuzz/config"_s;
    if (!file.parse(data, path, format)) {
        // Lines end at LF, CR LF or a lone CR (botocore reads with universal newlines).
        const qsizetype lines = data.count('\n') + data.count('\r') - data.count("\r\n") + 1;
        if (!file.errorString().startsWith(path) || file.errorLine() < 1
            || file.errorLine() > lines)
            std::abort();
        return;
    }
    for (const QString &profile : file.profileNames()) {
        const Pd::Core::AwsConfigFile::Section *section = file.profileSection(profile);
        if (!section)
            std::abort();
        for (const QString &key : section->keys) {
            if (!file.find(profile, key))
                std::abort();
        }
        (void)file.value(profile, u"region"_s);
    }
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView view(reinterpret_cast<const char *>(data), qsizetype(size));
    check(view, Pd::Core::AwsConfigFile::Format::Config);
    check(view, Pd::Core::AwsConfigFile::Format::Credentials);
    return 0;
}
