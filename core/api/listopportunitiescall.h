#pragma once

#include "listopportunitiesrequest.h"
#include "operationcall.h"
#include "opportunitysummary.h"

namespace Pd::Core {

struct ListOpportunitiesOperation
{
    static constexpr const char *name = "ListOpportunities";
    using Request = ListOpportunitiesRequest;
    using Response = ListOpportunitiesResponse;
};

/// One ListOpportunities page (see OperationCall).
class ListOpportunitiesCall final : public ApiCall<ListOpportunitiesOperation>
{
public:
    using ApiCall::ApiCall;
};

} // namespace Pd::Core
