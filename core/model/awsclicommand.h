#pragma once

#include "listopportunitiesrequest.h"

#include <QString>
#include <QStringList>

namespace Pd::Core {

/// The AWS CLI command that lists what `request` asks the service for:
/// `aws partnercentral-selling list-opportunities --catalog AWS --life-cycle-stage
/// 'Technical Validation' Qualified --sort SortBy=TargetCloseDate,SortOrder=ASCENDING`, every
/// word quoted for bash (ShellWords::quote()). Lists are given as separate words, or as one JSON
/// list when a value has a comma, a bracket, a quote or a leading dash (the CLI would read those
/// as shorthand or as options); structures in shorthand syntax. MaxResults and NextToken are
/// left out: the CLI pages by itself. `localFilters` (descriptions of filters on the loaded
/// rows, which the service cannot apply) follow as a `# local filters: …` comment.
class AwsCliCommand
{
public:
    static QString listOpportunities(const ListOpportunitiesRequest &request,
                                     const QStringList &localFilters = {});
};

} // namespace Pd::Core
