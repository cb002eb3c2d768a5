"""Protocol versions in the admin: read them all, publish a clinic's own copy."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from patients import access
from protocols.models import Phase, ProtocolVersion
from protocols.schema import DefinitionError
from protocols.services import definition_as_yaml, publish_clinic_copy
from protocols.versions import visible_protocol_versions


class PhaseInline(admin.TabularInline):
    model = Phase
    fields = ["index", "key", "name", "aim", "typical_duration"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ClinicCopyForm(forms.Form):
    definition = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 40, "cols": 110, "style": "font-family: monospace"}),
        help_text="Edit thresholds, doses or wording; the copy is checked before it is published.",
    )


@admin.register(ProtocolVersion)
class ProtocolVersionAdmin(admin.ModelAdmin):
    list_display = ["protocol", "number", "clinic", "source", "published_at"]
    list_filter = ["protocol"]
    readonly_fields = [
        "protocol",
        "number",
        "clinic",
        "based_on",
        "source",
        "content_hash",
        "published_at",
        "published_by",
        "definition_yaml",
    ]
    exclude = ["definition"]
    inlines = [PhaseInline]
    change_form_template = "admin/protocols/protocolversion/change_form.html"

    def _allowed(self, request) -> bool:
        return request.user.is_superuser or access.is_clinic_admin(request.user)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return False  # versions come from definition files or clinic copies

    def has_change_permission(self, request, obj=None):
        return False  # published versions are immutable

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("protocol", "clinic")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=visible_protocol_versions(request.user))

    @admin.display(description="Definition")
    def definition_yaml(self, obj):
        from django.utils.html import format_html

        return format_html("<pre>{}</pre>", definition_as_yaml(obj))

    def get_urls(self):
        return [
            path(
                "<int:pk>/clinic-copy/",
                self.admin_site.admin_view(self.clinic_copy_view),
                name="protocols_protocolversion_clinic_copy",
            ),
            *super().get_urls(),
        ]

    def clinic_copy_view(self, request, pk):
        if not access.is_clinic_admin(request.user):
            messages.error(request, "Only a clinic admin can publish a copy for their clinic.")
            return redirect("admin:protocols_protocolversion_changelist")
        version = get_object_or_404(self.get_queryset(request), pk=pk)
        form = ClinicCopyForm(
            request.POST or None, initial={"definition": definition_as_yaml(version)}
        )
        if request.method == "POST" and form.is_valid():
            try:
                result = publish_clinic_copy(
                    based_on=version,
                    yaml_text=form.cleaned_data["definition"],
                    clinic=request.user.clinic,
                    published_by=request.user,
                )
            except DefinitionError as error:
                for path_in_file, problem in error.problems:
                    form.add_error("definition", f"{path_in_file or 'file'}: {problem}")
            else:
                verb = "Published" if result.created else "No change from your latest copy:"
                messages.success(request, f"{verb} {result.slug} version {result.number}.")
                return redirect(reverse("admin:protocols_protocolversion_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Publish a clinic copy of {version}",
            "form": form,
            "version": version,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/protocols/clinic_copy.html", context)
