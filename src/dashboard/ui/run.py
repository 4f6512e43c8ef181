"""``python -m dashboard.ui.run [streamlit run arguments]``: ``streamlit run`` with the
legacy ``pages/`` folder mode switched off before the first session.

Streamlit decides per server, before any script has run, whether ``pages/`` next to
``app.py`` is a legacy multipage folder; until ``app.py`` has called ``st.navigation`` once,
deep links then run a page without ``app.py`` or end in "page not found". The app uses
``st.navigation``, so the answer is always no: set it before the server starts.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] != "run":
        args = ["run", *args]
    cli.main(args=args, prog_name="streamlit")


if __name__ == "__main__":
    main()
