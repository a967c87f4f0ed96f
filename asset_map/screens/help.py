"""Keys and how to use Asset Map."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown

HELP = """\
# Asset Map — help

Asset Map is a directory of what a place already has: community hubs, micro-enterprises,
time bank offers and community groups. Search it by what matters to the person and where
they live.

## Searching
- Type what matters, in plain words: *lunch club*, *lonely*, *lifts*, *gardening*. Typos are fine.
- **Near** takes a place (*Tilbury*, *S Ockendon*) or a postcode (*RM18 7NR*, *RM16*).
- Choose a distance and a day; **Any need** and **Any kind** open a list where you tick as
  many as you like (Space or Enter ticks, OK or Ctrl+S keeps them); tick *Free only*,
  *Step-free only*, *Include closed*.
- **↓** or **Enter** moves into the results; **Enter** opens the highlighted entry; **↑** from
  the first row goes back to the search box to add a word.
- In the results, typing a letter starts a new search (as Ctrl+F does): no letter there runs
  a command.
- Entries marked **⚠** have not been verified for over 12 months: check before suggesting.
  A paused, closed or possibly-closed entry shows "check first" instead of when it is next on.

## Keys on the search screen
| key | what it does |
| --- | --- |
| Ctrl+F | back to the search box, its words selected so new ones replace them |
| Ctrl+G | the Near box |
| Escape | clear every filter (the words stay; Ctrl+U clears them) |
| Ctrl+O / Enter | open the highlighted entry |
| + | add the highlighted entry to the current connection list (it says whose, top right) |
| Ctrl+L | the current connection list, or every list |
| Ctrl+N | add a new entry |
| Ctrl+R | review queue: what needs checking |
| Ctrl+T | where the gaps are: every place against every need |
| Ctrl+P | the palette: every command (import, export, theme, your name…) and entries by name |
| F1 | this help |
| Ctrl+Q | quit |

## On an entry
| key | what it does |
| --- | --- |
| e | edit |
| v | mark verified today (and say how you checked) |
| f | flag as possibly closed (with a reason), or clear the flag |
| a | archive, or restore an archived entry |
| l | add to the current connection list (the first time, start one) |
| h | history: every change, who and when; **r** there restores an earlier version |
| Escape | back |

## Adding and editing (Ctrl+N, or e on an entry)
- Fill in the groups from top to bottom; a problem is explained under its field, and **Save**
  (Ctrl+S) stays off until every field is right.
- Times are typed as words: *Mon, Wed 10:00-12:00; 1st Tue 14:00-16:00; last Fri 9-11*.
- As you type a name, entries that may be the same one are listed: **Ctrl+O** moves into that
  list and **Enter** opens the existing entry instead of making a copy.
- Escape leaves; if you changed anything you are asked first.

## Connection lists (Ctrl+L)
Every list, yours first: **Enter** opens one, **n** starts a new one, **d** starts a copy of
the highlighted one for another resident. On a list:

| key | what it does |
| --- | --- |
| p | print it, or save it as a PDF, text or a web page |
| o | what happened (and when: *today*, *yesterday*, *mon*, *28 Nov*) |
| n | a note on why it might help (printed) |
| Shift+↑ / Shift+↓ | move a connection up or down |
| x | remove a connection |
| e | edit who it is for, their home and what matters to them |

## The review queue (Ctrl+R)
| key | what it does |
| --- | --- |
| ← → or 1–4 | the tabs: not verified, possibly closed, checks lapsing, duplicates |
| Enter / o | open the entry (O: the second entry of a duplicate pair) |
| v | verified today (say how you checked) |
| e | edit |
| a | archive |
| c | clear the "possibly closed" flag |
| m | merge a duplicate pair, choosing which entry to keep |
| n | not the same: two entries, left out of the queue until either is renamed (u undoes it) |
| Ctrl+R | look again |

## Where the gaps are (Ctrl+T)
Every place (rows) against every need (columns): each cell is how many entries a search near
that place for that need finds. **×0** is a gap; **░ ▒ ▓ █** go from few to the most of any
cell. **!N** after a count: N times people asked for that need there and found nothing (from
connection lists and searches that found nothing; counts only). **×0!N**, asked for and
missing, stands out most. The line under the table names the cell's place and need in full.

| key | what it does |
| --- | --- |
| arrows, Page Up/Down | move from cell to cell (the names of places and needs stay in view) |
| Enter | the cell's entries, as search lists them; Enter there opens one |
| t | flip: needs down the side, places across |
| b | rows by locality, integrated locality area or postcode district |
| + / - | a wider or nearer radius |
| f / s / v | free only / step-free only / checked in the last 12 months |
| Escape | back |

## Import and export
From the command palette (Ctrl+P): **Import entries** takes an Open Referral feed or a
directory file (recognised from the file), **Export the directory** writes Open Referral
(JSON or CSV) or a directory file.

Every change records who made it and when: your name is asked the first time you make one.
"""


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close", id="help.close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Markdown(HELP)
        yield Footer(compact=True)
