// The leaders' dashboard: draws the charts from the data the page carries (json_script).
(function () {
  const data = JSON.parse(document.getElementById("dashboard-data").textContent);
  const text = data.text;
  const colours = ["#1f3b73", "#c0392b", "#7f8c8d", "#e67e22", "#27ae60"];
  function draw(id, config) {
    const canvas = document.getElementById(id);
    if (canvas && window.Chart) { new Chart(canvas, config); }
  }
  draw("chart-members", {
    type: "line",
    data: {labels: data.members.labels, datasets: data.members.datasets.map((set, i) => ({...set, borderColor: colours[i], backgroundColor: colours[i]}))},
  });
  const admissions = [{label: text.admitted, data: data.admissions.admitted, borderColor: colours[0], backgroundColor: colours[0]}];
  if (data.admissions.target !== null) {
    admissions.push({label: text.target, data: data.admissions.labels.map(() => data.admissions.target), borderColor: colours[1], borderDash: [6, 4], pointRadius: 0});
  }
  draw("chart-admissions", {type: "line", data: {labels: data.admissions.labels, datasets: admissions}});
  draw("chart-ratings", {type: "doughnut", data: {labels: data.member_ratings.labels, datasets: [{data: data.member_ratings.data, backgroundColor: colours}]}, options: {aspectRatio: 2}});
  draw("chart-meetings", {
    type: "bar",
    data: {labels: data.meetings.labels, datasets: [
      {label: text.held, data: data.meetings.held, backgroundColor: colours[4]},
      {label: text.exempt, data: data.meetings.exempt, backgroundColor: colours[2]},
      {label: text.missing, data: data.meetings.missing, backgroundColor: colours[1]},
      {label: text.pending, data: data.meetings.pending, backgroundColor: "#d5dbe5"},
    ]},
    options: {scales: {x: {stacked: true}, y: {stacked: true}}},
  });
  draw("chart-remediation", {type: "doughnut", data: {labels: data.remediation.labels, datasets: [{data: data.remediation.data, backgroundColor: [colours[4], colours[2], colours[0], colours[1]]}]}, options: {aspectRatio: 2}});
})();
