import { Link } from '@backstage/core-components';
import {
  Grid,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { Role } from './roles';

/** The home page's "start here": one column per role, with its pages. */
export const RoleGuide = ({ roles }: { roles: Role[] }) => (
  <Grid container spacing={3}>
    {roles.map(role => (
      <Grid item xs={12} sm={6} lg={3} key={role.id}>
        <section aria-labelledby={`role-${role.id}`}>
          <Typography variant="h6" component="h3" id={`role-${role.id}`}>
            {role.title}
          </Typography>
          <List dense disablePadding>
            {role.links.map(link => (
              <ListItem key={link.to} disableGutters>
                <ListItemText
                  primary={<Link to={link.to}>{link.title}</Link>}
                  secondary={link.description}
                />
              </ListItem>
            ))}
          </List>
        </section>
      </Grid>
    ))}
  </Grid>
);
