<?php
$db = new mysqli(getenv('DB_HOST'), getenv('DB_USER'), getenv('DB_PASSWORD'), getenv('DB_NAME'));
echo $db->connect_error ? "no database: " . $db->connect_error : "connected to MySQL " . $db->server_info;
