// The "Plan your setup" page (being written): does nothing on other pages.
