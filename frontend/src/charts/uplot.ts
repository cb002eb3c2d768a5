// uPlot and its styles as one module, for screens that load them on demand
// (src/patient/Charts.tsx): the screen draws its words first, the charts when this arrives.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export default uPlot;
