"""The intended use the licenses are checked against."""

from __future__ import annotations

from dataclasses import dataclass

from licheck.policy.exceptions import AcceptedException
from licheck.policy.selector import LicenseSelector
from licheck.policy.territory import EU, EU_MEMBER_STATES
from licheck.vocabulary import Metric, Severity

FAIL_ON = ("error", "warning", "never")
# threshold metric -> (how it reads, the option that gives its number)
METRICS = {
    Metric.MONTHLY_ACTIVE_USERS: ("monthly active users", "--mau"),
    Metric.ANNUAL_REVENUE_USD: ("US$ annual revenue", "--revenue"),
    Metric.MONTHLY_REVENUE_USD: ("US$ monthly revenue", "--revenue"),
}


class PolicyError(ValueError):
    pass


@dataclass(frozen=True)
class Policy:
    """The intended use (commercial or not, users, revenue, territory) and the license policy of a run."""

    commercial: bool = True
    mau: int | None = None
    revenue_usd: float | None = None  # annual
    # Where the licensee is domiciled or has its principal place of business, and so uses the model:
    # an ISO 3166-1 alpha-2 code, or EU (licheck.policy.territory). Not where its end users are.
    territory: str | None = None
    model_name: str | None = None
    fail_on: str = "error"
    allow: tuple[LicenseSelector, ...] = ()  # when set, every license must match one entry
    deny: tuple[LicenseSelector, ...] = ()
    exceptions: tuple[AcceptedException, ...] = ()

    def __post_init__(self) -> None:
        if self.mau is not None and self.mau < 0:
            raise PolicyError("monthly active users cannot be negative")
        if self.revenue_usd is not None and self.revenue_usd < 0:
            raise PolicyError("revenue cannot be negative")
        if self.fail_on not in FAIL_ON:
            raise PolicyError(f"fail-on must be one of {', '.join(FAIL_ON)}")

    def in_region(self, region: str) -> bool:
        """Whether the intended territory lies in `region` (a country code, or EU for any member state)."""
        if self.territory is None:
            return False
        if region == EU:
            return self.territory == EU or self.territory in EU_MEMBER_STATES
        return self.territory == region

    def fails(self, severity: Severity) -> bool:
        if self.fail_on == "never":
            return False
        return severity.at_least(Severity(self.fail_on))

    def amount(self, metric: Metric) -> float | None:
        """The intended use's number for a threshold metric, or None when it was not given."""
        if metric is Metric.MONTHLY_ACTIVE_USERS:
            return self.mau
        if metric is Metric.ANNUAL_REVENUE_USD or self.revenue_usd is None:
            return self.revenue_usd
        return self.revenue_usd / 12  # a monthly limit against the annual figure spread evenly
