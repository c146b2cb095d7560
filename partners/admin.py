"""Django finds the ModelAdmins here; they live with the rest of the staff side in `partners.staff`."""

from partners.staff import (
    admins,  # noqa: F401 - registers the ModelAdmins with the admin site
    review,  # noqa: F401 - the review queues: proposals and reports
)
