"""Form widgets drawn in Python where Django's templates cost too much per request.

Django's ``Select`` builds a context dict for each ``<option>`` and renders it through its own
template include (with the attributes through another): the case list's filter form has
about 100 options, and drawing them was the largest part of the list's server time
(bench/page_profile.py). ``PlainSelect`` writes the same HTML directly; values and labels
are escaped as the templates escape them.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe


class PlainSelect(forms.Select):
    """A single ``<select>`` of flat choices, the markup of Django's ``select.html`` and
    ``select_option.html`` without a template per option. Grouped choices (optgroups) are
    left to Django's own rendering."""

    def render(self, name, value, attrs=None, renderer=None):
        wanted = set(self.format_value(value))
        parts = []
        # One pass over the choices (a ModelChoiceField's run their query once; list() would
        # ask its COUNT first).
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                return super().render(name, value, attrs, renderer)
            text = "" if option_value is None else str(option_value)
            # Only the first matching option is selected, as ChoiceWidget.optgroups does.
            selected = text in wanted
            if selected:
                wanted = set()
            parts.append(f'<option value="{escape(text)}"{" selected" if selected else ""}>'
                         f"{conditional_escape(label)}</option>")
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{escape(name)}"{attrs}>{"".join(parts)}</select>')
