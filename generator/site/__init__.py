"""The site's files, whichever generator builds them: the MkDocs plugin adds them to a build, `render`
writes them as a project any Material-compatible generator builds."""
