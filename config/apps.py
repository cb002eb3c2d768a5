from django.contrib.admin.apps import AdminConfig


class RehabAdminConfig(AdminConfig):
    """The Django admin on our site: the API's sign-in rules apply to /admin/login/ too."""

    default_site = "config.admin_site.RehabAdminSite"
