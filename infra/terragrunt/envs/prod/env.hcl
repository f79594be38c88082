# Settings shared by every unit of the prod environment.
locals {
  environment    = "prod"
  aws_region     = "eu-central-1"
  aws_account_id = "222222222222"
  cluster_name   = "casino-prod"
  vpc_cidr       = "10.20.0.0/16"
  azs            = ["eu-central-1a", "eu-central-1b", "eu-central-1c"]
}
