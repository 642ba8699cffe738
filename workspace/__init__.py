"""The coordinator's workspace: the pages that span the domain apps (members, applications,
meetings). It imports them; none of them imports it."""
