from django import template

from catalog import cards

register = template.Library()


@register.simple_tag(takes_context=True)
def program_card(context, program, compare=False):
    """`{% program_card program %}`: the program's card (catalog/cards.py)."""
    return cards.program_card(context, program, compare)
