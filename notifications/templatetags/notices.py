from django import template

from ..services.centre import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notices(context) -> int:
    """The header's unread count: one COUNT on the partial index notice_unread."""
    request = context.get("request")
    return unread_count(request.user) if request is not None else 0
