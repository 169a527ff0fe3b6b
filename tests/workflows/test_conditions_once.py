"""A transition's conditions are answered once: ``perform_transition`` checks them to give the
reason of the first unmet one, and django-fsm checks them again when the transition runs."""

from types import SimpleNamespace

from workflows.named_conditions import Named, evaluated_once, register_condition


class Counting:
    calls = 0

    def __init__(self, answer):
        self.answer = answer

    def __call__(self, case):
        Counting.calls += 1
        return self.answer


register_condition("test_counting_condition", Counting)


def test_inside_the_block_each_condition_is_answered_once_per_case():
    Counting.calls = 0
    condition = Named("test_counting_condition", True)
    first, second = SimpleNamespace(pk=1), SimpleNamespace(pk=2)
    with evaluated_once():
        assert condition(first) and condition(first) and condition(second)
    assert Counting.calls == 2  # once for each case


def test_outside_the_block_every_call_reads_again():
    Counting.calls = 0
    condition = Named("test_counting_condition", False)
    with evaluated_once():
        assert not condition(SimpleNamespace(pk=1))
    assert not condition(SimpleNamespace(pk=1))
    assert not condition(SimpleNamespace(pk=1))
    assert Counting.calls == 3
