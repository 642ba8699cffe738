# No models of its own. The module exists so that `migrate` sends this app its post_migrate
# signal, on which the database cache's table is made (tervekunta.apps).
