"""The Textual app. Database work runs in thread workers that call :mod:`crewtui.services`."""
