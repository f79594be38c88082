# Settings shared by every unit of the dev environment.
locals {
  environment    = "dev"
  aws_region     = "eu-central-1"
  aws_account_id = "111111111111"
  cluster_name   = "casino-dev"
  vpc_cidr       = "10.10.0.0/16"
  azs            = ["eu-central-1a", "eu-central-1b", "eu-central-1c"]
}
