"""The models, by concept (one module each); everything is re-exported here, so migrations and
`from partners.models import X` stay as they were.

The directory: regions (ELZ), organisations, services and the cards and lists built from them.

Names follow Open Referral HSDS where they fit (organization, service, phone, email,
application_process, assured_date), so that an export to HSDS stays a mapping, not a rewrite.
Every record knows its region: directly (`region`), through its section, tier or topic, or through
its organisation (`Organization.region`; empty for shared national or provincial records).
"""

from partners.models.cards import (  # noqa: F401
    Card,
    ConsultContact,
    ConsultTopic,
    ContactLine,
    Entry,
    Factor,
    FactorList,
    Resource,
    ResourceKind,
    Section,
    Step,
    StepKey,
    TierContact,
    TierSlug,
    UrgencyTier,
)
from partners.models.directory import Email, Organization, Phone, Service, ServiceQuerySet, Theme, _area, stale_before  # noqa: F401
from partners.models.fields import PhoneField, URLField, hsds_id_field, postcode_validator  # noqa: F401
from partners.models.geography import Coverage, Gewest, Locality, Municipality, Postcode, Province, Region, RegionQuerySet, Zone  # noqa: F401
from partners.models.hours import Closure, Schedule, Weekday  # noqa: F401
from partners.models.operations import Editor, ImportUpload, MapRequest, RenderedPdf  # noqa: F401
from partners.models.ownership import REGION_PATHS, _follow, region_id_of  # noqa: F401
from partners.models.review import (  # noqa: F401
    HOURS_FIELD,
    LIST_FIELDS,
    PROPOSAL_FIELDS,
    RELATED_FIELDS,
    MailLog,
    Proposal,
    ProposalSource,
    ProposalStatus,
    Report,
    ReportKind,
    ReportStatus,
    VerificationRequest,
    service_values,
    weekly_rows,
)
from partners.models.roles import PLACE_NOT_ACKNOWLEDGED, Role, consult_place, section_place  # noqa: F401
from partners.models.signoff import SIGN_OFF_LANGUAGES, LanguageSignOff  # noqa: F401
