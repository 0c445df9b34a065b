/**
 * The entry: a small chunk that sends the startup request first, then loads the app (its own chunk,
 * boot.tsx). The stylesheets stay here so the page links them from the HTML and they load at once.
 */
import '@xyflow/react/dist/style.css';
import './styles.css';
import { requestStartupEarly } from './startup';

requestStartupEarly();
void import('./boot').then(({ mountApp }) => mountApp(document.getElementById('root')!));
