"""Who said each quote, read by ``briefs.draft.speakers.Reader`` from invented sentences of the kinds real news prints."""

from __future__ import annotations

import pytest

from briefs.draft import Reader


def speakers(text: str) -> list[list[str]]:
    """The speakers' names of every quote of ``text``, read with an empty registry."""
    return [[who.name for who in q.speakers] for q in Reader(text, {}).quoted()]


CASES = [
    # a word of saying closing the sentence goes with every quote before it
    ("Harbour trade is “better than ever,” and boats came back last week, Gilbert said.", [["Gilbert"]]),
    ("The “open quay” plan is about “people taking back the harbour,” Wilcox said.", [["Wilcox"], ["Wilcox"]]),
    # words of saying that are seldom used
    ("Tom Vale runs the port. “What was the big shift?” Vale questioned.", [["Tom Vale"]]),
    ("“The board never listened,” reacted Ada Lind, who runs the port.", [["Ada Lind"]]),
    ("“You know, it happens,” Tom Vale went on, as if he had not heard. “But you get over it.”", [["Tom Vale"], ["Tom Vale"]]),
    ("“Go back to the quay,” Tom Vale barked and a guard walked Ada Lind out.", [["Tom Vale"]]),
    ("Ada Lind spoke first. “Tom wants a fight,” Tom Vale shot back.", [["Tom Vale"]]),
    ("“The quay is ours!” beamed Ada Lind of Dale, Kerrow, who came to see the boats.", [["Ada Lind"]]),
    ("Tom Vale said that Ada Lind begged him for help and “would have dropped to her knees.”", [["Tom Vale"]]),  # "begged": no word of saying
    ("Ada Lind said that once the Kerrow Board goes on recess, “we will act.”", [["Ada Lind"]]),
    # a name after a dash signs the quotation before it, on its line or the next; not after two hyphens (a byline)
    ("“The harbour is ours.” ― Ada Lind\n“The boats are gone.”― Tom Vale. Photo: Kerrow Courier.", [["Ada Lind"], ["Tom Vale"]]),
    ('"The levy will pass."\n\n- Sen. Ada Lind, tweeting after the vote.', [["Ada Lind"]]),
    ('The board said the levy was "still the best plan."--Tom Vale. Ferry times', [[]]),
    ("Lind backs journalism that “takes sides.” – Ready to vote –. The debate opens on Friday.", [[]]),
    # a surname that is also a nationality, a title or a stop word, beside its verb, after the full name
    ('Mara Cuban owns the ferry. "It is hard," Cuban said. "It is very hard," said Cuban.', [["Mara Cuban"], ["Mara Cuban"]]),
    ('Tom King runs the ferry. "We are ready," King said.', [["Tom King"]]),
    ('Ada From wrote the plan. "It will work," From said.', [["Ada From"]]),
    ('The Cuban crew left. "It is hard," Cuban officials said.', [[]]),
    ('The ferry reached Kerrow Friday. “It is closed,” the harbour office said Friday.', [[]]),
    # an abbreviated title ends no sentence: "the Rev.", "Adm."
    ('"The harbour will never go back to how it was," said the Rev. Tom Vale, of Kerrow Chapel.', [["Tom Vale"]]),
    ('"We hold the strait," said Adm. Ada Lind.', [["Ada Lind"]]),
    # a programme's title after "On …’s" opening a sentence is no statement
    ("On KRW’s “Harbour Hour,” Tom Vale praised the harbour board.", [[]]),
    # auxiliaries and adverbs between a name and its verb
    ("The board made a “mistake” with the permits, Lorne has said.", [["Lorne"]]),
    ("Brenner had previously said, “We will see,” when asked about the vote.", [["Brenner"]]),
    # an earlier word of saying of the sentence, when nobody but its subject is named after it
    ("Harbour Mayor Ada Lind said Friday that she thinks the report should be released but said “the question is timing.”", [["Ada Lind"]]),
    ("Tom Vale, head of the ferry union, said he hopes the strike sends a message that “crews are standing up.”", [["Tom Vale"]]),
    ("Ada Lind said Friday that Tom Vale thinks the report should be released but said “the question is timing.”", [[]]),
    # a place, a medium or an object after that word of saying leaves it the speaker's; a name with a verb of its own does not
    ("Ada Marsh runs the port. Marsh said Friday during a visit to a KRW studio in Dale, Kerrow, that states can set such fees because “the quay is safe.”", [["Ada Marsh"]]),
    ("Ada Marsh runs the port. Marsh said Friday during a visit to a KRW studio in Dale, Kerrow, that Tom Vale thinks states can set such fees because “the quay is safe.”", [["Tom Vale"]]),
    # whom words were told to is never their speaker
    ("Ada Lind spoke. Lind told the Kerrow Courier in a written statement, “I do not want his support.”", [["Ada Lind"]]),
    ("Ada Lind spoke. Lind told Tom Vale in a written statement, “I do not want his support.”", [["Ada Lind"]]),
    # a capitalised preposition opening a sentence is no part of a name
    ("Tom Vale spoke. During Tuesday night’s debate, Vale made a call to end port fees, calling them “harbour welfare.”", [["Tom Vale"]]),
    # a participle after a quote closing with a comma: the subject of the main clause
    ("At the rally, Brenner said the plan could be “messy,” adding, “Harbours are messy.”", [["Brenner"], ["Brenner"]]),
    # a country after a role and "to" is no part of the name after it; a role alone names nobody
    ("Kerrow’s ambassador to Britain Ada Marsh has said that the port has the “will and power” to end the strike.", [["Ada Marsh"]]),
    ("Kerrow’s ambassador to Britain has said that the port has the “will and power” to end the strike.", [[]]),
    # a title word that is a surname, and a long run of words before a name
    ("“We have done what we could,” Amy Pope said.", [["Amy Pope"]]),
    ("“The figures show it,” Kerrow County Harbour Recorder Ada Lind said.", [["Ada Lind"]]),
    ("“We are ready,” House Speaker Tom Vale said.", [["Tom Vale"]]),
    # the subject of a sentence ending with a colon before the quote, whatever its verb; not another clause's, nor a passive
    ("Tom Vale spoke. Vale resisted: “Governors do not have the power.”", [["Tom Vale"]]),
    ("Ada Lind runs the port. In city after city, Lind lobbies for a higher wage: “Crews deserve it.”", [["Ada Lind"]]),
    ("Kerrow Harbour Board issued a statement with one sentence: “THIS IS NOT OK.”", [["Kerrow Harbour Board"]]),
    ("Tom Vale met Ada Lind on Friday, and the crowd chanted: “Lock the gates!”", [[]]),
    ("Tom Vale spoke. Vale was asked: “Will you stay?”", [[]]),
    # "is" before a word of saying in -ing makes no passive ("is promising"); "by saying" is the main clause's subject's,
    # and a name qualifying a role ("Vale campaign manager Ada Lind") is not that subject
    ("Ada Lind runs the port. Lind is promising lower fees and “boats, boats, boats,” but she has also raised the levy.", [["Ada Lind"]]),
    ("Tom Vale runs the port. Vale answered a fisher on Friday by saying the levy was “a fair price.”", [["Tom Vale"]]),
    ("Tom Vale runs the port. Vale campaign manager Ada Lind told the Kerrow Courier on Monday that the board should answer by calling the levy “a tax.”", [["Ada Lind"]]),
    # a name and a colon before a quote, its party and state between them, as in transcripts
    ("Rep. Ada Marsh (D-Kerrow): “Who told you that?”", [["Ada Marsh"]]),
    # a passive word of saying: the one after "by"
    ("Ada Lind was asked by host Tom Vale, “Will you stay?”", [["Tom Vale"]]),
    # the subject of a clause whose verb utters or judges words
    ("Tom Vale is a senator. Vale blamed the delays on “harbour sickos” in the port.", [["Tom Vale"]]),
    ("Ada Lind runs the port. In April, Lind called the plan “a disgrace.”", [["Ada Lind"]]),
    # a full name as that subject, after titles and role words, or with an aside; a verb of saying
    # after the quote joined by "and" is the same subject's
    ("Former Kerrow governor Marta Quill calls the dredging plan “a priority” for the town.", [["Marta Quill"]]),
    ("Ada Lind, an early backer of the port, calls the levy “a tax on fishing” for small boats.", [["Ada Lind"]]),
    ("Tom Vale runs the port. Vale blamed the delays on “harbour sickos” and suggested a new board.", [["Tom Vale"]]),
    ("Tom Vale runs the port. Vale blamed the delays on “harbour sickos,” a spokesman said.", [[]]),
    ("Harbour chief Tom Vale watched “The Tide Years” on Friday.", [[]]),
    # where a person is from, between the name and its verb
    ("Harbour chief Ada Marsh of Kerrow County lauded the crew for building “a better quay.”", [["Ada Marsh"]]),
    ("Tom Vale of Dale, Kerrow, a fisher, said the levy is “a tax on fishing.”", [["Tom Vale"]]),
    ("Tom Vale writes for the paper. Vale of the Times reports that the censors had instructed sites to “block and control” the news.", [[]]),
    # an adverb between the subject and its verb; a verb whose last consonant doubles ("referred")
    ("Ada Lind runs the port. In July, Lind bluntly dismissed the board as “a club.”", [["Ada Lind"]]),
    ("Ada Lind runs the port. Lind introduced Tom Vale to the crowd as “the man who saved the ferry.”", [["Ada Lind"]]),
    # a second verb joined by "and", "but" or a list's comma shares the subject of the first
    ("Tom Vale runs the port. Vale took the stage on Friday and called the levy “a tax on fishing.”", [["Tom Vale"]]),
    ("Ada Lind runs the port. Lind took the stage, thanked the crew and called the levy “a tax on fishing.”", [["Ada Lind"]]),
    ("Ada Lind runs the port. Lind praised Vale’s plan and said the harbour master can “bring the boats back.”", [["Ada Lind"]]),
    ("Ada Lind runs the port. Lind referred to Tom Vale as “a steady hand” but described his plan as “a gamble.”", [["Ada Lind"], ["Ada Lind"]]),
    # but not across a clause of another subject, nor after a name that opens a clause of its own
    ("Ada Lind met Tom Vale, who smiled and called the plan “a gamble.”", [["Tom Vale"]]),
    ("Ada Lind said Tom Vale took the stage and called the plan “a gamble.”", [["Tom Vale"]]),
    ("Ada Lind runs the port. Lind watched the boats and the crowd called them “harbour heroes.”", [[]]),
    # but not a verb that utters nothing, an agent after "by", a passive, or a clause after "that"
    ("Ada Lind runs the port. Lind watched “The Harbour Years” on Friday.", [[]]),
    ("Ada Lind runs the port. Lind was praised for her “steady hand.”", [[]]),
    ("Ada Lind runs the port. Lind was interviewed by the Kerrow Courier about her “harbour grab.”", [[]]),
    ("Ada Lind runs the port. A judge ruled that Lind had shown “no remorse.”", [[]]),
    # "it" or "they" beside a word of saying after a quote: the body that spoke before, or that opens the
    # sentence before, when no person is named since
    ('The Kerrow Harbour Authority dropped the plan.\n\n"We saw no way forward," the Kerrow Harbour Authority said.\n\n"The reason is cost," it added.', [["Kerrow Harbour Authority"], ["Kerrow Harbour Authority"]]),
    ('The Kerrow Harbour Authority dropped the plan.\n\n"We saw no way forward," the Kerrow Harbour Authority said.\n\nNow they have sent a letter to the fishers.\n\n"The reason is cost," it says.', [["Kerrow Harbour Authority"], ["Kerrow Harbour Authority"]]),
    ('The Kerrow Harbour Authority dropped the plan.\n\n"We saw no way forward," the Kerrow Harbour Authority said.\n\nNow the Dale Ferry Company has sent a letter to the fishers.\n\n"The reason is cost," it says.', [["Kerrow Harbour Authority"], []]),
    ('The Kerrow Harbour Authority dropped the plan.\n\n"We saw no way forward," the Kerrow Harbour Authority said.\n\nThe firm that runs the ferry to Dale, Dale Ferry Company, says nothing is settled.\n\n"We have no further comment," they said.', [["Kerrow Harbour Authority"], ["Dale Ferry Company"]]),
    ('Vale Records denied doing anything wrong.\n\n"At no point did we block her," they said in a statement.', [["Vale Records"]]),
    # a name with a plural verb is a body ("Vale Music have"), not two people joined by "and"
    ('Vale Music have denied doing anything wrong.\n\n"We never blocked her," they said in a statement.', [["Vale Music"]]),
    ('Ada Lind and Tom Vale have denied doing anything wrong.\n\n"We never blocked her," they said in a statement.', [[]]),
    ('Ada Lind met Vale Records staff.\n\n"At no point did we block her," they said in a statement.', [[]]),
    ('The Kerrow Harbour Authority said so. Tom Vale spoke.\n\n"The reason is cost," it added.', [[]]),
    # a quotation goes on from the one before it past the title of a programme, not past someone else speaking
    ("“The stock was beaten,” Ada Lind said on KRW’s “Harbour Hour” on Monday. “It was down for years.”", [["Ada Lind"], [], ["Ada Lind"]]),
    ("“The stock was beaten,” Ada Lind said on KRW’s “Harbour Hour” on Monday. Tom Vale disagreed. “It was down for years.”", [["Ada Lind"], [], []]),
    # whole paragraphs: a quote paragraph after a colon, straight quotes going on, asides, closing clauses, pronouns
    ('Ada Lind runs the port.\n\nAt the hearing, Lind called them on it:\n\n“The questions show why nobody trusts the board.”\n', [["Ada Lind"]]),
    ('"We will not stop," Ada Lind said on Friday.\n\n"The harbour is ours and always was."\n', [["Ada Lind"], ["Ada Lind"]]),
    # a paragraph that is a quotation and nothing else, after one that quotes nobody, is the words of the one who opens
    # the last sentence before it; not of an object, nor when that sentence names someone else as well
    ('Tom Vale praised the harbour board on Friday.\n\n“We need someone who can fix the quay.”', [["Tom Vale"]]),
    ('The board thanked Tom Vale on Friday.\n\n“We need someone who can fix the quay.”', [[]]),
    ('The board may act before the vote, said Tom Vale.\n\n“The other factor is the weather.”', [["Tom Vale"]]),
    ('Tom Vale praised the harbour board on Friday. “We need someone who can fix the quay.”', [["Tom Vale"]]),
    ('Tom Vale praised the harbour board on Friday. “We need someone who can fix the quay,” Ada Lind said.', [["Ada Lind"]]),
    # past a programme's title opening that sentence ("On “Harbour Hour,” …"), which is no statement; not an object
    ("On “Harbour Hour,” Sen. Tom Vale (Kerrow), who lost the vote to Marsh, praised the board. “We need someone who can fix the quay.”", [[], ["Tom Vale"]]),
    ("On “Harbour Hour,” the board thanked Sen. Tom Vale. “We need someone who can fix the quay.”", [[], []]),
    ('Tom Vale met Ada Lind on Friday.\n\n“We need someone who can fix the quay.”', [[]]),
    ('“The ruling protects every fisher,” Ada Lind, attorney for one of the four groups that sued the harbour board, said in a statement.', [["Ada Lind"]]),
    ('The closures were “terribly disruptive” and the port is changing, but for now “we will not gamble,” company chief Ada Lind said.', [["Ada Lind"], ["Ada Lind"]]),
    ('Director Ada Lind, who met the minister Tom Vale on Friday, could see the worry.\n\n“He is used to calmer seas,” she said.\n', [["Ada Lind"]]),
    ('Dean Ada Lind met Tom Vale. Ada Lind and Tom Vale spoke. “It went well,” he said.\n', [[]]),
    # a name after the quote, after its role words, opens the closing clause, however long the aside after it
    ("“Water is hard to find,” study lead author Ada Marsh, a scientist at the Kerrow Space Centre in Dale, Kerrow, and Dale University in Ford, said in a statement.", [["Ada Marsh"]]),
    ("“Water is hard to find,” Ada Marsh’s aide, Tom Vale, said.", [["Tom Vale"]]),
    # a long aside between a name and its word of saying
    ('“We saw a need for new landers,” Tom Vale, deputy associate administrator for exploration in the Kerrow Harbour Mission Directorate, said in a call.\n\n“It is based on our aims,” he said.', [["Tom Vale"], ["Tom Vale"]]),
    # a pronoun is the subject of the sentence before, though a name there may be a person's (not as its subject);
    # not past a sentence naming someone else who may be a person, nor a name in a phrase opening the sentence
    ('Ada Lind spoke on Friday. Lind is under fire for her vow that Kerrow Point would keep its ferry.\n\n“We will keep it,” she said.', [["Ada Lind"]]),
    ('Ada Lind spoke on Friday. Lind is under fire for her vow that Kerrow Point would keep its ferry. The levy would pass, Marsh said.\n\n“We will keep it,” she said.', [[]]),
    ('For Ada Marsh, harbour director Tom Vale is a hero.\n\n“We will win,” he said.', [["Tom Vale"]]),  # after "For": no subject
    # an abbreviated title gives the role a later "the senator" refers to, when only one person has it
    ("Sen. Ada Marsh met the fishers on Friday. “I apologize to nobody,” the senator said.", [["Ada Marsh"]]),
    ("Sen. Ada Marsh met Sen. Tom Vale on Friday. “I apologize to nobody,” the senator said.", [[]]),
    # a single name that opens the sentence before with a verb of saying, though nothing else says it is a person's
    ('Tom Vale was fined on Friday. Kessa asked for mercy during Vale’s hearing, saying she did not want a long sentence.\n\nShe added, “We must teach him love.”', [["Kessa"]]),
    ('Tom Vale was fined on Friday. Kessa watched the hearing from the gallery with Vale’s lawyer.\n\n“We must teach him love,” she said.', [[]]),
    ("Tom Vale spoke. Vale was fined for a call he made to Lind’s office, in which he said he would “sink the ferry.”", [["Tom Vale"]]),
    ('Tom Vale spoke on Friday. At a Vale campaign event in Kerrow, dock worker Ada Lind railed against the levy.\n\n“We will keep it,” he said.', [[]]),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0][:50] for c in CASES])
def test_speakers(text: str, expected: list[list[str]]):
    assert speakers(text) == expected
