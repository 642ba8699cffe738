from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from members.urls import api_urlpatterns
from tervekunta import views
from tervekunta.accounts.views import PasswordResetView

admin.site.site_header = _("Terve Kunta network administration")
admin.site.site_title = _("Terve Kunta network")
admin.site.index_title = _("Membership administration")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("api/", include(api_urlpatterns)),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", views.sitemap, name="sitemap"),
]
if settings.BENCH_TRIVIAL_VIEW:
    urlpatterns.append(path("bench/trivial", views.trivial, name="bench_trivial"))

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("", include("members.urls")),
    path("", include("applications.urls")),
    path("", include("meetings.urls")),
    path("coordinator/", include("workspace.urls")),
    # The admin's login page links to the reset by this name.
    path("account/password-reset/", PasswordResetView.as_view(), name="admin_password_reset"),
    path("account/", include("tervekunta.accounts.urls")),
    prefix_default_language=True,
)
