-- One database per service that owns data (see services.conf). Runs once, on an empty volume.
CREATE DATABASE inventory;
CREATE DATABASE pricing;
CREATE DATABASE recommendations;
CREATE DATABASE orders;
CREATE DATABASE payments;
